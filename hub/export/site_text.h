// The words of the public site in Traditional Chinese (the site's first
// language) and English, from one table: every phrase has both (a test
// checks none is empty).
#ifndef DISCLOSURE_HUB_EXPORT_SITE_TEXT_H_
#define DISCLOSURE_HUB_EXPORT_SITE_TEXT_H_

#include <map>
#include <string>

namespace disclosure::hub::site {

enum class Lang { kZhTw, kEn };

const std::map<std::string, std::string>& SiteText(Lang lang);

}  // namespace disclosure::hub::site

#endif  // DISCLOSURE_HUB_EXPORT_SITE_TEXT_H_
