// See sqlite_wal_file.h for why this VFS exists and the rules it keeps.
#include "core/storage/sqlite_wal_file.h"

#include <sqlite3.h>

#include <algorithm>
#include <atomic>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <mutex>

namespace wangge::storage {
namespace {

constexpr const char* kName = "wangge-wal";
constexpr int kWalHeader = 32;         // the log's own header, at offset 0
constexpr int kFrameHeader = 24;       // before each page
constexpr int kBufferLimit = 4 << 20;  // a larger commit is gathered in several pieces
// The unix VFS writes at most 128 KiB - 1 bytes a call (it masks the length to 17 bits).
constexpr int kWriteLimit = 124 << 10;

sqlite3_vfs* g_inner = nullptr;  // the default VFS
sqlite3_vfs g_vfs{};
std::atomic<unsigned long long> g_pwrites{0};
std::atomic<unsigned long long> g_frame_writes{0};
std::atomic<unsigned long long> g_in_place{0};

std::uint32_t be32(const void* p) {
  const auto* b = static_cast<const unsigned char*>(p);
  return std::uint32_t{b[0]} << 24 | std::uint32_t{b[1]} << 16 | std::uint32_t{b[2]} << 8 | b[3];
}

// The page size a WAL header announces (0 when it is not a WAL header).
int header_page_size(const void* header) {
  std::uint32_t magic = be32(header);
  if (magic != 0x377f0682 && magic != 0x377f0683) return 0;
  std::uint32_t size = be32(static_cast<const char*>(header) + 8);
  if (size < 512 || size > 65536 || (size & (size - 1)) != 0) return 0;
  return static_cast<int>(size);
}

struct WalFile {
  sqlite3_file base;   // pMethods = &g_methods
  sqlite3_file* real;  // the default VFS's file, in the memory after this struct
  int page_size;       // from the log's header; 0 while unknown (then nothing is gathered)
  char* buf;           // frames not yet written: [start, start + len)
  int len, cap;
  sqlite3_int64 start;
  sqlite3_int64 end;  // the log's end as this file wrote it: where the next frame appends
  bool after_header;  // the buffer ends with a frame header (its page comes next)
  bool commit;        // ... and that header is a commit frame's
};

WalFile* wal(sqlite3_file* f) {
  return reinterpret_cast<WalFile*>(f);
}

int write_through(WalFile* w, const void* data, int amt, sqlite3_int64 off) {
  g_pwrites.fetch_add(1, std::memory_order_relaxed);
  return w->real->pMethods->xWrite(w->real, data, amt, off);
}

// Writes out what the buffer holds; the file is then as if no buffer existed.
int flush(WalFile* w) {
  w->after_header = w->commit = false;
  int rc = SQLITE_OK;
  for (int done = 0; done < w->len && rc == SQLITE_OK; done += kWriteLimit) {
    rc = write_through(w, w->buf + done, std::min(kWriteLimit, w->len - done), w->start + done);
  }
  w->len = 0;
  return rc;
}

bool append(WalFile* w, const void* data, int amt) {
  if (w->len + amt > w->cap) {
    int cap = w->cap ? w->cap : 256 << 10;
    while (cap < w->len + amt) cap *= 2;
    char* grown = static_cast<char*>(std::realloc(w->buf, static_cast<std::size_t>(cap)));
    if (!grown) return false;
    w->buf = grown;
    w->cap = cap;
  }
  std::memcpy(w->buf + w->len, data, static_cast<std::size_t>(amt));
  w->len += amt;
  return true;
}

int x_write(sqlite3_file* f, const void* data, int amt, sqlite3_int64 off) {
  WalFile* w = wal(f);
  int ps = w->page_size;
  // Gathered: a frame header appended at the end of the log, and the page right after a
  // header in the buffer. Anything else goes to the file at once, after the buffer: the
  // log's header, a page rewritten in place, the checksums SQLite rewrites after that, a
  // size this layer does not expect.
  bool header = ps > 0 && amt == kFrameHeader && off == w->end && (off - kWalHeader) % (ps + kFrameHeader) == 0;
  bool page = ps > 0 && amt == ps && w->after_header && off == w->start + w->len;
  if (header && w->len + amt > kBufferLimit) {
    if (int rc = flush(w); rc != SQLITE_OK) return rc;
  }
  if (page && w->len + amt > kBufferLimit) page = false;
  if (!header && !page) {
    if (int rc = flush(w); rc != SQLITE_OK) return rc;
    int rc = write_through(w, data, amt, off);
    if (rc != SQLITE_OK) return rc;
    int size = off == 0 && amt >= kWalHeader ? header_page_size(data) : 0;
    if (off < w->end && !size) g_in_place.fetch_add(1, std::memory_order_relaxed);
    if (size) {  // a new generation of the log: frames follow its header
      w->page_size = size;
      w->end = kWalHeader;
    } else if (off + amt > w->end) {
      w->end = off + amt;
    }
    return SQLITE_OK;
  }
  bool completes_commit = page && w->commit;
  if (w->len == 0) w->start = off;
  if (!append(w, data, amt)) {
    if (int rc = flush(w); rc != SQLITE_OK) return rc;
    int rc = write_through(w, data, amt, off);
    if (rc == SQLITE_OK) w->end = off + amt;
    return rc;
  }
  g_frame_writes.fetch_add(1, std::memory_order_relaxed);
  w->end = off + amt;
  w->after_header = header;
  w->commit = header && be32(static_cast<const char*>(data) + 4) != 0;  // the database size: a commit frame
  // The commit's last page: everything goes to the file before SQLite publishes the commit.
  return completes_commit ? flush(w) : SQLITE_OK;
}

int x_close(sqlite3_file* f) {
  WalFile* w = wal(f);
  int rc = flush(w);
  int rc2 = w->real->pMethods->xClose(w->real);
  std::free(w->buf);
  w->buf = nullptr;
  return rc != SQLITE_OK ? rc : rc2;
}

// Everything else: the buffer first where the file's content or size matters, then the
// default VFS's method.
int x_read(sqlite3_file* f, void* out, int amt, sqlite3_int64 off) {
  WalFile* w = wal(f);
  if (int rc = flush(w); rc != SQLITE_OK) return rc;
  return w->real->pMethods->xRead(w->real, out, amt, off);
}
int x_truncate(sqlite3_file* f, sqlite3_int64 size) {
  WalFile* w = wal(f);
  if (int rc = flush(w); rc != SQLITE_OK) return rc;
  if (w->end > size) w->end = size;
  return w->real->pMethods->xTruncate(w->real, size);
}
int x_sync(sqlite3_file* f, int flags) {
  WalFile* w = wal(f);
  if (int rc = flush(w); rc != SQLITE_OK) return rc;
  return w->real->pMethods->xSync(w->real, flags);
}
int x_file_size(sqlite3_file* f, sqlite3_int64* size) {
  WalFile* w = wal(f);
  if (int rc = flush(w); rc != SQLITE_OK) return rc;
  return w->real->pMethods->xFileSize(w->real, size);
}
int x_file_control(sqlite3_file* f, int op, void* arg) {
  WalFile* w = wal(f);
  if (int rc = flush(w); rc != SQLITE_OK) return rc;
  return w->real->pMethods->xFileControl(w->real, op, arg);
}
int x_lock(sqlite3_file* f, int level) {
  return wal(f)->real->pMethods->xLock(wal(f)->real, level);
}
int x_unlock(sqlite3_file* f, int level) {
  return wal(f)->real->pMethods->xUnlock(wal(f)->real, level);
}
int x_check_reserved(sqlite3_file* f, int* out) {
  return wal(f)->real->pMethods->xCheckReservedLock(wal(f)->real, out);
}
int x_sector_size(sqlite3_file* f) {
  return wal(f)->real->pMethods->xSectorSize(wal(f)->real);
}
int x_device(sqlite3_file* f) {
  return wal(f)->real->pMethods->xDeviceCharacteristics(wal(f)->real);
}
int x_shm_map(sqlite3_file* f, int region, int size, int extend, void volatile** out) {
  return wal(f)->real->pMethods->xShmMap(wal(f)->real, region, size, extend, out);
}
int x_shm_lock(sqlite3_file* f, int offset, int n, int flags) {
  return wal(f)->real->pMethods->xShmLock(wal(f)->real, offset, n, flags);
}
void x_shm_barrier(sqlite3_file* f) {
  wal(f)->real->pMethods->xShmBarrier(wal(f)->real);
}
int x_shm_unmap(sqlite3_file* f, int del) {
  return wal(f)->real->pMethods->xShmUnmap(wal(f)->real, del);
}
int x_fetch(sqlite3_file* f, sqlite3_int64 off, int amt, void** out) {
  WalFile* w = wal(f);
  if (int rc = flush(w); rc != SQLITE_OK) return rc;
  return w->real->pMethods->xFetch(w->real, off, amt, out);
}
int x_unfetch(sqlite3_file* f, sqlite3_int64 off, void* p) {
  return wal(f)->real->pMethods->xUnfetch(wal(f)->real, off, p);
}

sqlite3_io_methods g_methods{};  // filled from the real file's methods' version at first open

int real_offset() {
  return static_cast<int>((sizeof(WalFile) + 15) & ~std::size_t{15});
}

int x_open(sqlite3_vfs*, sqlite3_filename name, sqlite3_file* f, int flags, int* out_flags) {
  if (!(flags & SQLITE_OPEN_WAL)) return g_inner->xOpen(g_inner, name, f, flags, out_flags);
  WalFile* w = wal(f);
  std::memset(w, 0, sizeof(WalFile));
  w->real = reinterpret_cast<sqlite3_file*>(reinterpret_cast<char*>(f) + real_offset());
  int rc = g_inner->xOpen(g_inner, name, w->real, flags, out_flags);
  if (rc != SQLITE_OK) {
    if (w->real->pMethods) w->real->pMethods->xClose(w->real);
    w->base.pMethods = nullptr;
    return rc;
  }
  // An existing log announces the page size (it cannot change while in WAL mode).
  sqlite3_int64 size = 0;
  unsigned char header[kWalHeader];
  if (w->real->pMethods->xFileSize(w->real, &size) == SQLITE_OK && size >= kWalHeader &&
      w->real->pMethods->xRead(w->real, header, kWalHeader, 0) == SQLITE_OK)
    w->page_size = header_page_size(header);
  w->end = size;  // frames SQLite appends below this go through unbuffered until it restarts the log
  w->base.pMethods = &g_methods;
  return SQLITE_OK;
}

// The VFS's other methods: the default VFS's, called with the default VFS.
int x_delete(sqlite3_vfs*, const char* name, int sync_dir) {
  return g_inner->xDelete(g_inner, name, sync_dir);
}
int x_access(sqlite3_vfs*, const char* name, int flags, int* out) {
  return g_inner->xAccess(g_inner, name, flags, out);
}
int x_full_pathname(sqlite3_vfs*, const char* name, int n, char* out) {
  return g_inner->xFullPathname(g_inner, name, n, out);
}
void* x_dl_open(sqlite3_vfs*, const char* name) {
  return g_inner->xDlOpen(g_inner, name);
}
void x_dl_error(sqlite3_vfs*, int n, char* out) {
  g_inner->xDlError(g_inner, n, out);
}
void (*x_dl_sym(sqlite3_vfs*, void* handle, const char* sym))(void) {
  return g_inner->xDlSym(g_inner, handle, sym);
}
void x_dl_close(sqlite3_vfs*, void* handle) {
  g_inner->xDlClose(g_inner, handle);
}
int x_randomness(sqlite3_vfs*, int n, char* out) {
  return g_inner->xRandomness(g_inner, n, out);
}
int x_sleep(sqlite3_vfs*, int us) {
  return g_inner->xSleep(g_inner, us);
}
int x_current_time(sqlite3_vfs*, double* out) {
  return g_inner->xCurrentTime(g_inner, out);
}
int x_last_error(sqlite3_vfs*, int n, char* out) {
  return g_inner->xGetLastError(g_inner, n, out);
}
int x_current_time64(sqlite3_vfs*, sqlite3_int64* out) {
  return g_inner->xCurrentTimeInt64(g_inner, out);
}

void register_vfs() {
  g_inner = sqlite3_vfs_find(nullptr);
  g_methods.iVersion = 3;
  g_methods.xClose = x_close;
  g_methods.xRead = x_read;
  g_methods.xWrite = x_write;
  g_methods.xTruncate = x_truncate;
  g_methods.xSync = x_sync;
  g_methods.xFileSize = x_file_size;
  g_methods.xLock = x_lock;
  g_methods.xUnlock = x_unlock;
  g_methods.xCheckReservedLock = x_check_reserved;
  g_methods.xFileControl = x_file_control;
  g_methods.xSectorSize = x_sector_size;
  g_methods.xDeviceCharacteristics = x_device;
  g_methods.xShmMap = x_shm_map;
  g_methods.xShmLock = x_shm_lock;
  g_methods.xShmBarrier = x_shm_barrier;
  g_methods.xShmUnmap = x_shm_unmap;
  g_methods.xFetch = x_fetch;
  g_methods.xUnfetch = x_unfetch;

  g_vfs.iVersion = 2;  // xCurrentTimeInt64; not the system-call overrides of version 3
  g_vfs.szOsFile = real_offset() + g_inner->szOsFile;
  g_vfs.mxPathname = g_inner->mxPathname;
  g_vfs.zName = kName;
  g_vfs.xOpen = x_open;
  g_vfs.xDelete = x_delete;
  g_vfs.xAccess = x_access;
  g_vfs.xFullPathname = x_full_pathname;
  g_vfs.xDlOpen = x_dl_open;
  g_vfs.xDlError = x_dl_error;
  g_vfs.xDlSym = x_dl_sym;
  g_vfs.xDlClose = x_dl_close;
  g_vfs.xRandomness = x_randomness;
  g_vfs.xSleep = x_sleep;
  g_vfs.xCurrentTime = x_current_time;
  g_vfs.xGetLastError = x_last_error;
  g_vfs.xCurrentTimeInt64 = x_current_time64;
  sqlite3_vfs_register(&g_vfs, 0);
}

}  // namespace

const char* sqlite_wal_vfs() {
  static std::once_flag once;
  std::call_once(once, register_vfs);
  return kName;
}

WalWriteStats sqlite_wal_write_stats() {
  return {g_pwrites.load(std::memory_order_relaxed), g_frame_writes.load(std::memory_order_relaxed),
          g_in_place.load(std::memory_order_relaxed)};
}

}  // namespace wangge::storage
