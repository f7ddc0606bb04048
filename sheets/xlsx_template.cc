#include "sheets/xlsx_template.h"

#include <xlsxwriter.h>

#include <algorithm>
#include <list>
#include <map>

#include "absl/strings/str_cat.h"
#include "absl/strings/substitute.h"
#include "core/i18n.h"
#include "google/protobuf/descriptor.h"
#include "sheets/proto_csv.h"

namespace disclosure::sheets {
namespace {

// "A", "B", ..., "AA" for a 0-based column.
std::string ColumnName(int col) {
  std::string name;
  for (++col; col > 0; col = (col - 1) / 26) {
    name.insert(name.begin(), static_cast<char>('A' + (col - 1) % 26));
  }
  return name;
}

std::string SideColumnHint(const TableSpec& spec, const std::string& column) {
  if (column == "database_id") {
    return "所屬資料庫的 database_id（channels 表填 * 為機關預設管道）/ the "
           "database_id of its database (* in channels: the agency's "
           "default channels)";
  }
  return "只有更正已匯入的紀錄時才填：更正原因，一行，會公開，勿含個人資料 / "
         "only when correcting an imported record: the reason, one line; it "
         "is published, so no personal data";
}

class TemplateWriter {
 public:
  explicit TemplateWriter(lxw_workbook* wb) : wb_(wb) {
    header_ = workbook_add_format(wb_);
    format_set_bold(header_);
    format_set_bg_color(header_, 0xDDEBF7);
    format_set_border(header_, LXW_BORDER_THIN);
    example_ = workbook_add_format(wb_);
    format_set_italic(example_);
    format_set_font_color(example_, 0x808080);
    text_ = workbook_add_format(wb_);
    format_set_num_format(text_, "@");  // cells stay text: no auto-dates
  }

  void AddTable(const TableSpec& spec) {
    lxw_worksheet* ws = workbook_add_worksheet(wb_, spec.name.c_str());
    worksheet_freeze_panes(ws, 1, 0);
    const std::vector<std::string> example = ExampleRow(spec);
    for (size_t i = 0; i < spec.columns.size(); ++i) {
      const auto col = static_cast<lxw_col_t>(i);
      const std::string& name = spec.columns[i];
      worksheet_set_column(ws, col, col, 22, text_);
      worksheet_write_string(ws, 0, col, name.c_str(), header_);
      const bool required =
          std::find(spec.required_columns.begin(), spec.required_columns.end(),
                    name) != spec.required_columns.end();
      const std::string hint = name == spec.side_column
                                   ? SideColumnHint(spec, name)
                                   : ColumnHint(spec.row_type, name);
      const std::string note =
          absl::StrCat(required ? "必填 / required\n" : "", hint);
      lxw_comment_options opt = {};
      opt.width = 320;
      opt.height = 90;
      worksheet_write_comment_opt(ws, 0, col, note.c_str(), &opt);
      worksheet_write_string(ws, 1, col, example[i].c_str(), example_);
      if (name != spec.side_column) AddChoices(ws, spec, col, name);
    }
  }

  // The hidden sheet of choices, written last (it needs every list).
  void Finish() {
    if (lists_.empty()) return;
    lxw_worksheet* ws = workbook_add_worksheet(wb_, "choices");
    for (const auto& [enum_name, list] : lists_) {
      const auto col = static_cast<lxw_col_t>(list.column);
      worksheet_write_string(ws, 0, col, enum_name.c_str(), header_);
      for (size_t r = 0; r < list.values.size(); ++r) {
        worksheet_write_string(ws, static_cast<lxw_row_t>(r + 1), col,
                               list.values[r].c_str(), nullptr);
      }
    }
    worksheet_hide(ws);
  }

 private:
  struct ChoiceList {
    int column;
    std::vector<std::string> values;
  };

  void AddChoices(lxw_worksheet* ws, const TableSpec& spec, lxw_col_t col,
                  const std::string& name) {
    const google::protobuf::EnumDescriptor* e = ColumnEnum(spec.row_type, name);
    if (e == nullptr) return;
    auto it = lists_.find(e->name());
    if (it == lists_.end()) {
      it = lists_
               .emplace(e->name(), ChoiceList{static_cast<int>(lists_.size()),
                                              EnumChoiceList(e)})
               .first;
    }
    const std::string letter = ColumnName(it->second.column);
    formulas_.push_back(absl::StrCat("=choices!$", letter, "$2:$", letter, "$",
                                     it->second.values.size() + 1));
    lxw_data_validation v = {};
    v.validate = LXW_VALIDATION_TYPE_LIST_FORMULA;
    v.value_formula = const_cast<char*>(formulas_.back().c_str());
    // A list column (several codes separated by ;) cannot be held to one
    // choice: the list is offered, other text is still allowed.
    v.show_error = ColumnIsList(spec.row_type, name) ? LXW_VALIDATION_OFF
                                                     : LXW_VALIDATION_ON;
    v.error_title = const_cast<char*>("不在選單內 / Not in the list");
    v.error_message =
        const_cast<char*>("請從下拉選單選擇 / Choose a value from the list");
    worksheet_data_validation_range(ws, 2, col, kTemplateRows, col, &v);
  }

  lxw_workbook* wb_;
  lxw_format* header_;
  lxw_format* example_;
  lxw_format* text_;
  std::map<std::string, ChoiceList> lists_;
  // Formulas live until the workbook is closed: libxlsxwriter copies them
  // when the validation is added, but keeping them costs nothing.
  std::list<std::string> formulas_;
};

}  // namespace

absl::Status WriteXlsxTemplate(const std::string& path,
                               const std::vector<const TableSpec*>& tables) {
  lxw_workbook* wb = workbook_new(path.c_str());
  if (wb == nullptr) {
    return absl::FailedPreconditionError(
        absl::Substitute(_("cannot create $0"), path));
  }
  TemplateWriter writer(wb);
  for (const TableSpec* spec : tables) writer.AddTable(*spec);
  writer.Finish();
  const lxw_error err = workbook_close(wb);
  if (err != LXW_NO_ERROR) {
    return absl::FailedPreconditionError(
        absl::Substitute(_("cannot write $0: $1"), path, lxw_strerror(err)));
  }
  return absl::OkStatus();
}

}  // namespace disclosure::sheets
