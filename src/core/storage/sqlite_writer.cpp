// SQLite backend: the writer thread, which group-commits queued writes, and the syncer
// thread, which makes the commits durable (see sqlite_impl.h for the thread contracts).
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>

#include "core/storage/sqlite_impl.h"

namespace wangge::storage::sqlite_impl {

// Takes whatever is queued (up to max_batch), runs each closure in a savepoint inside one
// transaction, commits once (one fsync), then wakes the callers.
void SqliteDatabase::writer_loop() {
  SqliteTx tx(*writer_conn_, &bus_);
  for (;;) {
    std::vector<Job*> batch;
    {
      std::unique_lock lock(mu_);
      cv_.wait(lock, [&] { return stopping_ || !queue_.empty(); });
      if (queue_.empty() && stopping_) return;
      if (queue_.front()->exclusive) {
        batch.push_back(queue_.front());
        queue_.pop_front();
      } else {
        while (!queue_.empty() && !queue_.front()->exclusive && static_cast<int>(batch.size()) < options_.max_batch) {
          batch.push_back(queue_.front());
          queue_.pop_front();
        }
      }
    }
    run_batch(tx, batch);
  }
}

// Optimistic first: the whole batch in one transaction without savepoints (a savepoint
// journals every page a write touches first). If any closure throws, that attempt is
// rolled back and the batch runs again with a savepoint per closure, which gives each
// caller exactly its own outcome. Closures must therefore be re-runnable (they are: the
// PostgreSQL backend relies on the same).
void SqliteDatabase::run_batch(SqliteTx& tx, std::vector<Job*>& batch) {
  if (batch.size() > 1 && run_batch_optimistic(tx, batch)) return;
  run_batch_isolated(tx, batch);
}

bool SqliteDatabase::run_batch_optimistic(SqliteTx& tx, std::vector<Job*>& batch) {
  using Clock = std::chrono::steady_clock;
  auto t0 = Clock::now();
  try {
    writer_conn_->exec("BEGIN IMMEDIATE", {});
  } catch (...) {
    return false;
  }
  try {
    for (Job* j : batch) (*j->fn)(tx);
    tx.flush();
  } catch (...) {
    tx.discard();
    tx.drop_notes_from(0);
    try {
      writer_conn_->exec("ROLLBACK", {});
    } catch (...) {
    }
    return false;
  }
  auto t1 = Clock::now();
  try {
    writer_conn_->exec("COMMIT", {});
  } catch (...) {
    tx.drop_notes_from(0);
    try {
      writer_conn_->exec("ROLLBACK", {});
    } catch (...) {
    }
    return false;
  }
  count_commit(batch.size(), t0, t1, Clock::now());
  hand_to_syncer(batch, {}, tx.take_notes());
  adapt_writer_cache();
  return true;
}

// Statistics of one commit: the writes in it, the time running them and committing.
void SqliteDatabase::count_commit(std::size_t writes, std::chrono::steady_clock::time_point t0,
                                  std::chrono::steady_clock::time_point t1, std::chrono::steady_clock::time_point t2) {
  std::lock_guard lock(mu_);
  ++commits_;
  writes_ += static_cast<std::int64_t>(writes);
  exec_seconds_ += std::chrono::duration<double>(t1 - t0).count();
  commit_seconds_ += std::chrono::duration<double>(t2 - t1).count();
}

// After each commit: the large cache while commits are bulk (see kWriterCache), the
// small one again once none has been for kBulkLinger. Only the writer thread calls it.
void SqliteDatabase::adapt_writer_cache() {
  int written = 0, highwater = 0;
  sqlite3_db_status(writer_conn_->handle(), SQLITE_DBSTATUS_CACHE_WRITE, &written, &highwater, 1);
  auto now = std::chrono::steady_clock::now();
  try {
    if (written >= kBulkCommitPages) {
      bulk_until_ = now + kBulkLinger;
      if (!bulk_cache_) writer_conn_->exec_script(kWriterBulkCache);
      bulk_cache_ = true;
    } else if (bulk_cache_ && now >= bulk_until_) {
      writer_conn_->exec_script(kWriterCache);
      bulk_cache_ = false;
    }
  } catch (const std::exception& e) {
    std::fprintf(stderr, "sqlite: resizing the writer's cache: %s\n", e.what());  // only a speed matter
  }
}

void SqliteDatabase::run_batch_isolated(SqliteTx& tx, std::vector<Job*>& batch) {
  using Clock = std::chrono::steady_clock;
  auto t0 = Clock::now();
  std::vector<std::exception_ptr> errors(batch.size());
  try {
    writer_conn_->exec("BEGIN IMMEDIATE", {});
  } catch (...) {
    for (Job* j : batch) Job::finish(j, std::current_exception());
    return;
  }
  bool single = batch.size() == 1;
  for (std::size_t i = 0; i < batch.size(); ++i) {
    const std::size_t mark = tx.note_count();
    try {
      if (!single) writer_conn_->exec("SAVEPOINT w", {});
      (*batch[i]->fn)(tx);
      tx.flush();  // inside the savepoint: a failing deferred row fails its own write
      if (!single) writer_conn_->exec("RELEASE w", {});
    } catch (...) {
      tx.discard();
      tx.drop_notes_from(mark);
      errors[i] = std::current_exception();
      if (!single) {
        try {
          writer_conn_->exec("ROLLBACK TO w", {});
          writer_conn_->exec("RELEASE w", {});
        } catch (...) {
        }
      }
    }
  }
  if (single && errors[0]) {
    try {
      writer_conn_->exec("ROLLBACK", {});
    } catch (...) {
    }
    Job::finish(batch[0], errors[0]);
    return;
  }
  auto t1 = Clock::now();
  try {
    writer_conn_->exec("COMMIT", {});
  } catch (...) {
    tx.drop_notes_from(0);
    auto err = std::current_exception();
    try {
      writer_conn_->exec("ROLLBACK", {});
    } catch (...) {
    }
    for (Job* j : batch) Job::finish(j, err);
    return;
  }
  count_commit(batch.size(), t0, t1, Clock::now());
  hand_to_syncer(batch, std::move(errors), tx.take_notes());
  adapt_writer_cache();
}

// A committed batch waits for the next fdatasync of the WAL; its callers are answered
// after it. `errors` holds the outcome of each closure (empty: all succeeded).
void SqliteDatabase::hand_to_syncer(std::vector<Job*>& batch, std::vector<std::exception_ptr> errors,
                                    std::vector<SqliteTx::Note> notes) {
  {
    std::lock_guard lock(sync_mu_);
    for (auto& n : notes) unsynced_notes_.push_back(std::move(n));
    for (std::size_t i = 0; i < batch.size(); ++i)
      unsynced_.push_back({batch[i], errors.empty() ? nullptr : errors[i]});
  }
  sync_cv_.notify_one();
}

// Makes commits durable in groups: takes every commit handed over so far, fdatasyncs the
// WAL (which holds all of their frames: the writer wrote them before handing over), then
// answers their callers. Meanwhile the writer runs and commits the next batch, so the
// fsync does not stall the one thread that writes. Commits are visible to readers
// from the moment they are made, a moment before they are durable; a write is answered,
// and therefore acknowledged, only after.
void SqliteDatabase::sync_loop() {
  using Clock = std::chrono::steady_clock;
  std::vector<Synced> mine;
  std::vector<SqliteTx::Note> notes;
  for (;;) {
    {
      std::unique_lock lock(sync_mu_);
      sync_cv_.wait(lock, [&] { return sync_stopping_ || !unsynced_.empty(); });
      if (unsynced_.empty()) return;  // stopping, and drained
      mine.swap(unsynced_);
      notes.swap(unsynced_notes_);
    }
    auto t0 = Clock::now();
    sync_wal();
    {
      std::lock_guard lock(sync_mu_);
      ++syncs_;
      sync_seconds_ += std::chrono::duration<double>(Clock::now() - t0).count();
    }
    for (Synced& s : mine) Job::finish(s.job, s.error);
    mine.clear();
    for (const auto& n : notes) bus_.deliver(n.channel, n.wire);
    notes.clear();
  }
}

// fdatasync of the WAL file. fsync on Linux flushes the file (the inode), whichever
// descriptor wrote it; the descriptor is reopened if the file was replaced. A failed
// fsync leaves the committed frames' fate unknown and the page cache no longer a witness
// of the disk (later fsyncs may succeed without them), so the process stops, as
// PostgreSQL does: nothing unsynced was acknowledged, and recovery starts from the disk.
void SqliteDatabase::sync_wal() {
  std::string wal = path_ + "-wal";
  auto fatal = [&](const char* what) {
    std::fprintf(stderr, "wangge: FATAL: %s %s: %s; stopping so that no write is acknowledged unsynced\n", what,
                 wal.c_str(), std::strerror(errno));  // NOLINT(concurrency-mt-unsafe): the last words before abort
    std::abort();
  };
  struct stat by_path {};
  if (::stat(wal.c_str(), &by_path) != 0) fatal("stat");
  struct stat by_fd {};
  if (wal_fd_ < 0 || ::fstat(wal_fd_, &by_fd) != 0 || by_fd.st_ino != by_path.st_ino ||
      by_fd.st_dev != by_path.st_dev) {
    if (wal_fd_ >= 0) ::close(wal_fd_);
    wal_fd_ = ::open(wal.c_str(), O_RDONLY | O_CLOEXEC);
    if (wal_fd_ < 0) fatal("open");
  }
  if (::fdatasync(wal_fd_) != 0) fatal("fdatasync");
}

}  // namespace wangge::storage::sqlite_impl
