#include "core/storage/database.h"

#include <charconv>
#include <chrono>
#include <cstdio>

namespace wangge::storage {

std::int64_t now_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}

std::int64_t Row::i64(std::size_t i) const {
  const Value& v = values_.at(i);
  if (auto p = std::get_if<std::int64_t>(&v)) return *p;
  if (auto d = std::get_if<double>(&v)) return static_cast<std::int64_t>(*d);
  if (auto s = std::get_if<std::string>(&v)) {
    std::int64_t out = 0;
    std::from_chars(s->data(), s->data() + s->size(), out);
    return out;
  }
  return 0;
}

double Row::f64(std::size_t i) const {
  const Value& v = values_.at(i);
  if (auto d = std::get_if<double>(&v)) return *d;
  if (auto p = std::get_if<std::int64_t>(&v)) return static_cast<double>(*p);
  if (auto s = std::get_if<std::string>(&v)) return std::strtod(s->c_str(), nullptr);
  return 0;
}

std::string Row::str(std::size_t i) const {
  const Value& v = values_.at(i);
  if (auto s = std::get_if<std::string>(&v)) return *s;
  if (auto b = std::get_if<Blob>(&v)) return b->bytes;
  if (auto p = std::get_if<std::int64_t>(&v)) return std::to_string(*p);
  if (auto d = std::get_if<double>(&v)) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.17g", *d);
    return buf;
  }
  return {};
}

std::optional<std::string> Row::opt_str(std::size_t i) const {
  if (is_null(i)) return std::nullopt;
  return str(i);
}

std::optional<std::int64_t> Row::opt_i64(std::size_t i) const {
  if (is_null(i)) return std::nullopt;
  return i64(i);
}

bool Database::ping() {
  try {
    read([](Tx& tx) { tx.exec("SELECT 1"); });
    return true;
  } catch (const std::exception&) {
    return false;
  }
}

const Row& Result::one() const {
  if (rows.empty()) throw std::logic_error("expected one row, got none");
  return rows.front();
}

std::unique_ptr<Database> Database::open(const std::string& url, const Options& options) {
  if (url.rfind("postgresql://", 0) == 0 || url.rfind("postgres://", 0) == 0) {
    return open_postgres(url, options);
  }
  std::string path = url;
  if (path.rfind("sqlite://", 0) == 0) path = path.substr(9);
  return open_sqlite(path, options);
}

void DeferredInserts::add(std::string_view sql, const std::vector<Value>& params) {
  for (std::size_t i = 0; i < order_.size(); ++i) {
    if (order_[i] == sql) {
      rows_[i].first.insert(rows_[i].first.end(), params.begin(), params.end());
      ++rows_[i].second;
      return;
    }
  }
  order_.emplace_back(sql);
  rows_.emplace_back(params, 1);
}

std::vector<std::pair<std::string, std::vector<Value>>> DeferredInserts::take() {
  std::vector<std::pair<std::string, std::vector<Value>>> out;
  for (std::size_t k = 0; k < order_.size(); ++k) {
    const std::string& sql = order_[k];
    auto& [params, rows] = rows_[k];
    std::size_t per_row = params.size() / rows;
    auto values = sql.rfind("VALUES");
    if (values == std::string::npos) throw DbError(DbError::Kind::other, "insert_later needs VALUES: " + sql);
    std::string head = sql.substr(0, values + 6), tuple = sql.substr(values + 6);
    std::size_t done = 0;
    while (done < rows) {
      std::size_t n = 1;
      while (n * 2 <= rows - done && n < 256) n *= 2;
      std::string multi = head;
      for (std::size_t i = 0; i < n; ++i) multi += (i ? "," : " ") + tuple;
      out.emplace_back(std::move(multi),
                       std::vector<Value>(params.begin() + static_cast<std::ptrdiff_t>(done * per_row),
                                          params.begin() + static_cast<std::ptrdiff_t>((done + n) * per_row)));
      done += n;
    }
  }
  order_.clear();
  rows_.clear();
  return out;
}

}  // namespace wangge::storage
