// Rows of one table written in bulk for the generators (benchmarks): 256 rows a
// statement, about 100,000 rows a bulk transaction (Database::bulk). Not thread-safe.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "core/storage/database.h"

namespace wangge::storage {

class BulkRows {
 public:
  // head: "INSERT INTO t (a, b, c)"; columns: how many values a row has; tail: what follows
  // the rows ("ON CONFLICT (a) DO UPDATE SET ...", both engines), if anything.
  BulkRows(Database& db, std::string head, std::size_t columns, std::string tail = {})
      : db_(db), head_(std::move(head)), tail_(std::move(tail)), columns_(columns) {}
  void add(std::vector<Value> row) {
    for (auto& v : row) params_.push_back(std::move(v));
    if (++rows_ == 256) flush_statement();
    if (pending_.size() >= 400) flush();
  }
  // Writes what is pending; call once more at the end.
  void flush() {
    if (rows_ > 0) flush_statement();
    if (pending_.empty()) return;
    db_.bulk([&](Tx& tx) {
      for (const auto& [sql, p] : pending_) tx.exec(sql, p);
    });
    pending_.clear();
  }

 private:
  void flush_statement() {
    std::string tuple = "(";
    for (std::size_t i = 0; i < columns_; ++i) tuple += i ? ", ?" : "?";
    tuple += ")";
    std::string sql = head_ + " VALUES ";
    for (std::size_t r = 0; r < rows_; ++r) sql += (r ? ", " : "") + tuple;
    if (!tail_.empty()) sql += " " + tail_;
    pending_.emplace_back(std::move(sql), std::move(params_));
    params_.clear();
    rows_ = 0;
  }
  Database& db_;
  std::string head_, tail_;
  std::size_t columns_;
  std::size_t rows_ = 0;
  std::vector<Value> params_;
  std::vector<std::pair<std::string, std::vector<Value>>> pending_;
};

}  // namespace wangge::storage
