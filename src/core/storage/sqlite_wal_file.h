// A SQLite VFS for the writer connection that gathers the frames of one commit into a
// single write of the write-ahead log.
//
// Why: SQLite appends a commit to the WAL as two pwrite calls per page (a 24-byte frame
// header, then the page), each crossing into the kernel and touching two or three page-cache
// folios. An intake commit of 20 events writes about 70 pages: 140 system calls, a large
// share of the writer's time (figures: docs/PERFORMANCE.md).
//
// What: writes to the WAL that continue the frame sequence are kept in a buffer and written
// with one pwrite per 124 KiB (the unix VFS's limit per call) when the commit's last frame
// (the one whose header carries the database size) is complete, and before anything else
// touches the file: a read, a sync, a size query or truncation, a file control, closing,
// or any write that is not the next frame.
// A commit becomes visible to other connections only after SQLite has written its last
// frame (it then publishes the new end of the log in the shared-memory index), so readers
// never see a frame that is still in the buffer; and no caller hears of a commit before the
// syncer thread's fdatasync, which runs after the commit returned. Anything unexpected (a
// frame size not announced by the WAL header this process wrote, a partial frame) is
// passed straight through, as without this layer.
#pragma once

namespace wangge::storage {

// The VFS's name, for sqlite3_open_v2; registers it (once, not as the default) on first use.
// Its files other than write-ahead logs are the default VFS's own.
const char* sqlite_wal_vfs();

// Writes to write-ahead logs this process has made through the VFS: the pwrite calls
// issued, the frame writes SQLite asked for that were gathered (so frame_writes / pwrites
// is the gathering), and the writes below the log's end (pages and checksums SQLite
// rewrites in place within a transaction), which went straight to the file.
struct WalWriteStats {
  unsigned long long pwrites = 0;
  unsigned long long frame_writes = 0;
  unsigned long long in_place = 0;
};
WalWriteStats sqlite_wal_write_stats();

}  // namespace wangge::storage
