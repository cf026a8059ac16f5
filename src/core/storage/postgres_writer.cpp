// PostgreSQL backend: the writer threads' group commit (see postgres_impl.h).
#include "core/storage/postgres_impl.h"

namespace wangge::storage::pg_impl {

void PgDatabase::writer_loop() {
  std::unique_ptr<PgConnection> conn;
  for (;;) {
    std::vector<Job*> batch;
    {
      std::unique_lock lock(queue_mu_);
      queue_cv_.wait(lock, [&] { return stopping_ || !queue_.empty(); });
      if (queue_.empty()) return;  // stopping
      while (!queue_.empty() && static_cast<int>(batch.size()) < options_.max_batch) {
        batch.push_back(queue_.front());
        queue_.pop_front();
      }
    }
    writes_in_flight_ += static_cast<std::int64_t>(batch.size());
    try {
      if (!conn || !conn->healthy()) conn = std::make_unique<PgConnection>(url_);
      run_batch(*conn, batch);
    } catch (...) {
      // The connection failed: every job not answered yet (run_batch clears the ones it
      // answered) learns it; an answered promise must not be set twice.
      for (Job*& j : batch) {
        if (j) Job::finish(j, std::current_exception());
        j = nullptr;
      }
      conn.reset();
    }
    writes_in_flight_ -= static_cast<std::int64_t>(batch.size());
  }
}

void PgDatabase::run_batch(PgConnection& conn, std::vector<Job*>& batch) {
  if (batch.size() > 1) {
    bool ok = true;
    PgTx tx(conn, "BEGIN", &bus_);
    // A batch holds every row its closures lock until it commits, so two batches whose
    // closures lock the same rows in different orders (a redemption takes a balance, then
    // a reward's stock) can deadlock, which PostgreSQL detects only after deadlock_timeout
    // (1 s). A lock wait in a batch therefore gives up quickly, and the batch is run again
    // one closure per transaction below, where each closure's own lock order holds and
    // waits are not limited.
    tx.exec("SET LOCAL lock_timeout = '100ms'", {});
    for (Job* j : batch) {
      try {
        (*j->fn)(tx);
      } catch (...) {
        ok = false;
        break;
      }
    }
    if (ok) {
      try {
        tx.commit();
      } catch (const DbError& e) {
        if (!conn.healthy()) throw;
        ok = false;  // e.g. a deferred insert or serialization failure: go one by one
      }
      if (ok) {
        ++commits_;
        writes_ += static_cast<std::int64_t>(batch.size());
        for (Job*& j : batch) {
          Job::finish(j, nullptr);
          j = nullptr;
        }
        return;
      }
    }
    tx.rollback();
    if (!conn.healthy()) throw DbError(DbError::Kind::connection, "connection lost in a write batch");
  }
  // One transaction per closure, retrying deadlocks and serialization failures. Each
  // answered job is cleared from the batch (see writer_loop).
  for (Job*& slot : batch) {
    Job* j = slot;
    for (int attempt = 0;; ++attempt) {
      PgTx tx(conn, "BEGIN", &bus_);
      try {
        (*j->fn)(tx);
        tx.commit();
        ++commits_;
        ++writes_;
        slot = nullptr;
        Job::finish(j, nullptr);
        break;
      } catch (const DbError& e) {
        tx.rollback();
        if (e.kind() == DbError::Kind::busy && attempt < 3) continue;
        if (!conn.healthy()) throw;
        slot = nullptr;
        Job::finish(j, std::current_exception());
        break;
      } catch (...) {
        tx.rollback();
        slot = nullptr;
        Job::finish(j, std::current_exception());
        break;
      }
    }
  }
}

}  // namespace wangge::storage::pg_impl
