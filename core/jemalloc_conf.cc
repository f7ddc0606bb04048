// jemalloc's settings for the servers, compiled into each executable that
// links dn_allocator (jemalloc reads this symbol at start; the MALLOC_CONF
// environment variable still overrides it).
//
// By default jemalloc keeps freed pages for 10 s before returning them, and
// only when some thread next allocates. A hub that has just harvested and
// indexed 100,000 databases then holds tens of MB it no longer uses while
// it exports. A background thread returns freed pages after 1 s instead
// (harvest_bench: disclosure-hub --once peak 412 -> 378 MiB at 200 x 500).
extern "C" {
// NOLINTNEXTLINE: the name is jemalloc's.
const char* malloc_conf =
    "background_thread:true,dirty_decay_ms:1000,muzzy_decay_ms:0";
}
