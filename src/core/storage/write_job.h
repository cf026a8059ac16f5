// A write queued for a backend's group commit (SQLite and PostgreSQL share it).
#pragma once

#include <exception>
#include <functional>
#include <future>
#include <memory>

#include "core/storage/database.h"

namespace wangge::storage {

// Either a caller waits on `promise` (Database::write: `fn` points at its closure), or the
// job owns its closure and calls `done` (Database::write_async: made by async(), deleted by
// finish()).
struct WriteJob {
  const std::function<void(Tx&)>* fn = nullptr;
  std::promise<void> promise;
  bool exclusive = false;                        // SQLite: runs in a batch of its own
  std::function<void(Tx&)> owned;                // write_async(): the closure, owned
  std::function<void(std::exception_ptr)> done;  // write_async(): called instead of the promise

  // A heap job for write_async; the queue holds it until finish().
  static WriteJob* async(std::function<void(Tx&)> fn, std::function<void(std::exception_ptr)> done) {
    auto job = std::make_unique<WriteJob>();
    job->owned = std::move(fn);
    job->fn = &job->owned;
    job->done = std::move(done);
    return job.release();
  }

  // The caller learns the outcome, exactly once: the promise, or the callback of an
  // asynchronous job (which is deleted first).
  static void finish(WriteJob* j, std::exception_ptr error) {
    if (j->done) {
      auto done = std::move(j->done);
      delete j;
      done(error);
    } else if (error) {
      j->promise.set_exception(error);
    } else {
      j->promise.set_value();
    }
  }
};

}  // namespace wangge::storage
