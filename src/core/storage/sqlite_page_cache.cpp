// See sqlite_page_cache.h for why this layer exists.
#include "core/storage/sqlite_page_cache.h"

#include <sqlite3.h>

#include <atomic>
#include <mutex>

namespace wangge::storage {
namespace {

// SQLite's PENDING_BYTE: the lock byte at 1 GiB; the page holding it is never a B-tree page.
constexpr unsigned kPendingByte = 0x40000000u;

sqlite3_pcache_methods2 g_pcache1{};  // pcache1, as SQLite would use it
std::atomic<std::uint64_t> g_parked{0};
std::atomic<unsigned> g_max_key{0};

// One cache: pcache1's handle and the key its page size gives the lock-byte page.
struct Cache {
  sqlite3_pcache* inner;
  unsigned parking_key;
};

Cache* cast(sqlite3_pcache* p) {
  return reinterpret_cast<Cache*>(p);
}

// The key pcache1 stores a page under: the lock-byte page's number becomes 0.
unsigned map_key(const Cache* c, unsigned key) {
  if (key != c->parking_key) return key;
  g_parked.fetch_add(1, std::memory_order_relaxed);
  return 0;
}

void note_key(unsigned key) {
  unsigned seen = g_max_key.load(std::memory_order_relaxed);
  while (key > seen && !g_max_key.compare_exchange_weak(seen, key, std::memory_order_relaxed)) {
  }
}

int x_init(void* arg) {
  return g_pcache1.xInit(arg);
}
void x_shutdown(void* arg) {
  g_pcache1.xShutdown(arg);
}

sqlite3_pcache* x_create(int page_size, int extra, int purgeable) {
  sqlite3_pcache* inner = g_pcache1.xCreate(page_size, extra, purgeable);
  if (!inner) return nullptr;
  auto* c = static_cast<Cache*>(sqlite3_malloc(sizeof(Cache)));
  if (!c) {
    g_pcache1.xDestroy(inner);
    return nullptr;
  }
  c->inner = inner;
  c->parking_key = kPendingByte / static_cast<unsigned>(page_size) + 1;
  return reinterpret_cast<sqlite3_pcache*>(c);
}

void x_cachesize(sqlite3_pcache* p, int n) {
  g_pcache1.xCachesize(cast(p)->inner, n);
}
int x_pagecount(sqlite3_pcache* p) {
  return g_pcache1.xPagecount(cast(p)->inner);
}

sqlite3_pcache_page* x_fetch(sqlite3_pcache* p, unsigned key, int create) {
  Cache* c = cast(p);
  unsigned k = map_key(c, key);
  sqlite3_pcache_page* page = g_pcache1.xFetch(c->inner, k, create);
  if (page && create) note_key(k);
  return page;
}

void x_unpin(sqlite3_pcache* p, sqlite3_pcache_page* page, int discard) {
  g_pcache1.xUnpin(cast(p)->inner, page, discard);
}

void x_rekey(sqlite3_pcache* p, sqlite3_pcache_page* page, unsigned old_key, unsigned new_key) {
  Cache* c = cast(p);
  unsigned k = map_key(c, new_key);
  g_pcache1.xRekey(c->inner, page, map_key(c, old_key), k);
  note_key(k);
}

// Truncation drops keys >= limit; a page parked under key 0 is never there at a truncation
// (a swap renumbers it back before the balance returns), so nothing is left behind.
void x_truncate(sqlite3_pcache* p, unsigned limit) {
  g_pcache1.xTruncate(cast(p)->inner, limit);
}

void x_destroy(sqlite3_pcache* p) {
  Cache* c = cast(p);
  g_pcache1.xDestroy(c->inner);
  sqlite3_free(c);
}

void x_shrink(sqlite3_pcache* p) {
  g_pcache1.xShrink(cast(p)->inner);
}

}  // namespace

bool install_sqlite_page_cache() {
  static std::mutex mu;
  static bool installed = false;
  std::lock_guard lock(mu);
  if (installed) return true;
  sqlite3_pcache_methods2 inner{};
  if (sqlite3_config(SQLITE_CONFIG_GETPCACHE2, &inner) != SQLITE_OK || inner.iVersion < 1) return false;
  g_pcache1 = inner;
  sqlite3_pcache_methods2 outer{};
  outer.iVersion = inner.iVersion;
  outer.pArg = inner.pArg;
  outer.xInit = x_init;
  outer.xShutdown = x_shutdown;
  outer.xCreate = x_create;
  outer.xCachesize = x_cachesize;
  outer.xPagecount = x_pagecount;
  outer.xFetch = x_fetch;
  outer.xUnpin = x_unpin;
  outer.xRekey = x_rekey;
  outer.xTruncate = x_truncate;
  outer.xDestroy = x_destroy;
  outer.xShrink = inner.xShrink ? x_shrink : nullptr;
  if (sqlite3_config(SQLITE_CONFIG_PCACHE2, &outer) != SQLITE_OK) return false;
  installed = true;
  return true;
}

PageCacheStats sqlite_page_cache_stats() {
  return {g_parked.load(std::memory_order_relaxed), g_max_key.load(std::memory_order_relaxed)};
}

}  // namespace wangge::storage
