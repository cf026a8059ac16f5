#include "core/storage/database.h"

#include <algorithm>
#include <charconv>
#include <chrono>
#include <cstdio>
#include <iterator>

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

namespace {
thread_local bool replica_reads = false;
}

ReplicaReads::ReplicaReads() : outer_(!replica_reads) {
  replica_reads = true;
}
ReplicaReads::~ReplicaReads() {
  if (outer_) replica_reads = false;
}
bool ReplicaReads::active() {
  return replica_reads;
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

CounterSpec::CounterSpec(std::string table, std::vector<std::string> keys, std::vector<std::string> counters)
    : table_(std::move(table)), keys_(std::move(keys)), counters_(std::move(counters)) {
  std::string cols, conflict, set, marks;
  for (const auto& c : keys_) {
    cols += (cols.empty() ? "" : ", ") + c;
    conflict += (conflict.empty() ? "" : ", ") + c;
    marks += marks.empty() ? "?" : ", ?";
  }
  for (const auto& c : counters_) {
    cols += ", " + c;
    marks += ", ?";
    set += (set.empty() ? "" : ", ") + c + " = " + table_ + "." + c + " + excluded." + c;
  }
  tuple_ = '(' + marks + ')';
  head_ = "INSERT INTO " + table_ + " (" + cols + ") VALUES ";
  tail_ = " ON CONFLICT (" + conflict + ") DO UPDATE SET " + set;
  upsert_ = head_ + tuple_ + tail_;
}

std::string CounterSpec::upsert_sql(std::size_t rows) const {
  std::string out = head_;
  out.reserve(head_.size() + rows * (tuple_.size() + 2) + tail_.size());
  for (std::size_t i = 0; i < rows; ++i) {
    if (i) out += ", ";
    out += tuple_;
  }
  return out + tail_;
}

namespace {

std::vector<Value> counter_params(const std::vector<Value>& key, const std::vector<std::int64_t>& deltas) {
  std::vector<Value> p = key;
  for (auto d : deltas) p.emplace_back(d);
  return p;
}

// A sortable text form of a key: each value tagged by type; integers as 8 big-endian
// bytes with the sign bit flipped, so that they sort numerically (any stable order would
// do for locking).
std::string encode_key(const std::string& table, const std::vector<Value>& key) {
  std::string out = table;
  for (const auto& v : key) {
    out += '\x1f';
    if (auto* i = std::get_if<std::int64_t>(&v)) {
      auto u = static_cast<std::uint64_t>(*i) ^ (std::uint64_t{1} << 63);
      out += 'i';
      for (int shift = 56; shift >= 0; shift -= 8) out += static_cast<char>((u >> shift) & 0xff);
    } else if (auto* s = std::get_if<std::string>(&v)) {
      out += 's';
      out += *s;
    } else if (std::holds_alternative<std::nullptr_t>(v)) {
      out += 'n';
    } else {
      throw std::logic_error("add_later: counter keys are integers, text or NULL");
    }
  }
  return out;
}

}  // namespace

std::int64_t Tx::next_id(std::string_view table) {
  if (dialect() == Dialect::sqlite)
    return exec("SELECT coalesce(max(id), 0) + 1 FROM " + std::string(table)).one().i64(0);
  return exec("SELECT nextval(pg_get_serial_sequence(?, 'id'))", {std::string(table)}).one().i64(0);
}

// NOLINTNEXTLINE(performance-unnecessary-value-param): the virtual's signature; the backends keep the key
void Tx::add_later(const CounterSpec& spec, std::vector<Value> key, const std::vector<std::int64_t>& deltas) {
  exec(spec.upsert_sql(), counter_params(key, deltas));
}

void DeferredInserts::add_counters(const CounterSpec& spec, std::vector<Value> key,
                                   const std::vector<std::int64_t>& deltas) {
  if (deltas.size() != spec.counters().size()) throw std::logic_error("add_later: one delta per counter");
  std::string k = encode_key(spec.table(), key);
  auto it = counters_.find(k);
  if (it == counters_.end()) {
    counters_.emplace(std::move(k), Pending{&spec, std::move(key), deltas});
    return;
  }
  for (std::size_t i = 0; i < deltas.size(); ++i) it->second.sums[i] += deltas[i];
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
  // Counter rows: per spec (the map's order keeps a spec's rows together, in key order),
  // multi-row upserts of 1, 2, 4 ... 256 rows, as for the inserts.
  std::vector<Value> params;
  std::size_t rows = 0;
  const CounterSpec* spec = nullptr;
  auto emit = [&] {
    if (!spec) return;  // nothing gathered yet
    std::size_t per_row = spec ? spec->keys().size() + spec->counters().size() : 0, done = 0;
    while (done < rows) {
      std::size_t n = 1;
      while (n * 2 <= rows - done && n < 256) n *= 2;
      out.emplace_back(
          n == 1 ? spec->upsert_sql() : spec->upsert_sql(n),
          std::vector<Value>(
              std::make_move_iterator(params.begin() + static_cast<std::ptrdiff_t>(done * per_row)),
              std::make_move_iterator(params.begin() + static_cast<std::ptrdiff_t>((done + n) * per_row))));
      done += n;
    }
    params.clear();
    rows = 0;
  };
  for (auto& [k, p] : counters_) {
    if (std::all_of(p.sums.begin(), p.sums.end(), [](std::int64_t d) { return d == 0; })) continue;
    if (p.spec != spec) {
      emit();
      spec = p.spec;
    }
    std::move(p.key.begin(), p.key.end(), std::back_inserter(params));
    params.insert(params.end(), p.sums.begin(), p.sums.end());
    ++rows;
  }
  emit();
  counters_.clear();
  return out;
}

void Database::write_async(std::function<void(Tx&)> fn, std::function<void(std::exception_ptr)> done) {
  try {
    write(fn);
  } catch (...) {
    done(std::current_exception());
    return;
  }
  done(nullptr);
}

}  // namespace wangge::storage
