#include "core/storage/copy.h"

#include <sodium.h>

#include <algorithm>
#include <array>
#include <map>
#include <set>
#include <stdexcept>

namespace wangge::storage {
namespace {

// Tables the copy leaves alone: the migration record (the target has its own, checked to
// be at the same version).
const std::set<std::string> kNotCopied = {"schema_migrations"};

struct Table {
  std::string name;
  std::vector<std::string> columns;  // the target's copied columns, in its order
  std::vector<std::string> key;      // the source's primary key (or rowid): the page order
};

std::string quoted(const std::string& name) {
  std::string out = "\"";
  for (char c : name) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

std::string joined(const std::vector<std::string>& names) {
  std::string out;
  for (const auto& n : names) out += (out.empty() ? "" : ", ") + quoted(n);
  return out;
}

std::int64_t version_of(Tx& tx) {
  return tx.exec("SELECT COALESCE(MAX(version), 0) FROM schema_migrations").one().i64(0);
}

// The source's tables: FTS5 virtual tables and their shadow tables are the engine's own.
std::map<std::string, std::vector<std::string>> sqlite_tables(Tx& tx,
                                                              std::map<std::string, std::vector<std::string>>& keys) {
  std::vector<std::string> virtual_tables;
  std::vector<std::string> names;
  for (const auto& r :
       tx.exec("SELECT name, sql FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'").rows) {
    if (r.str(1).rfind("CREATE VIRTUAL TABLE", 0) == 0)
      virtual_tables.push_back(r.str(0));
    else
      names.push_back(r.str(0));
  }
  std::map<std::string, std::vector<std::string>> out;
  for (const auto& n : names) {
    bool shadow = std::any_of(virtual_tables.begin(), virtual_tables.end(),
                              [&](const std::string& v) { return n.rfind(v + "_", 0) == 0; });
    if (shadow || kNotCopied.contains(n)) continue;
    std::vector<std::pair<std::int64_t, std::string>> pk;
    auto& cols = out[n];
    for (const auto& c : tx.exec("SELECT name, pk FROM pragma_table_info(?)", {n}).rows) {
      cols.push_back(c.str(0));
      if (c.i64(1) > 0) pk.emplace_back(c.i64(1), c.str(0));
    }
    std::sort(pk.begin(), pk.end());
    for (const auto& [i, name] : pk) keys[n].push_back(name);
    if (keys[n].empty()) keys[n].push_back("rowid");
  }
  return out;
}

std::map<std::string, std::vector<std::string>> postgres_tables(Tx& tx) {
  std::map<std::string, std::vector<std::string>> out;
  for (const auto& r : tx.exec("SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() "
                               "AND table_type = 'BASE TABLE'")
                           .rows) {
    if (!kNotCopied.contains(r.str(0))) out[r.str(0)];
  }
  for (const auto& r : tx.exec("SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = "
                               "current_schema() AND is_generated = 'NEVER' ORDER BY table_name, ordinal_position")
                           .rows) {
    if (auto it = out.find(r.str(0)); it != out.end()) it->second.push_back(r.str(1));
  }
  return out;
}

// The tables to copy, checked to match on both sides.
std::vector<Table> plan(Database& from, Database& to) {
  std::map<std::string, std::vector<std::string>> src, dst, keys;
  std::int64_t src_version = 0, dst_version = 0;
  from.read([&](Tx& tx) {
    src = sqlite_tables(tx, keys);
    src_version = version_of(tx);
  });
  to.read([&](Tx& tx) {
    dst = postgres_tables(tx);
    dst_version = version_of(tx);
  });
  if (src_version != dst_version)
    throw std::runtime_error("the source is at schema version " + std::to_string(src_version) + ", the target at " +
                             std::to_string(dst_version));
  std::vector<Table> out;
  for (const auto& [name, cols] : dst) {
    auto it = src.find(name);
    if (it == src.end()) throw std::runtime_error("table " + name + " is in the target but not in the source");
    std::set<std::string> have(it->second.begin(), it->second.end());
    for (const auto& c : cols) {
      if (!have.contains(c)) throw std::runtime_error("column " + name + "." + c + " is not in the source");
    }
    out.push_back(Table{name, cols, keys[name]});
  }
  for (const auto& [name, cols] : src) {
    if (!dst.contains(name)) throw std::runtime_error("table " + name + " is in the source but not in the target");
  }
  return out;
}

// Reads `t` from the source in pages of `page` rows, in key order; fn(rows) per page.
void each_page(Tx& tx, const Table& t, std::size_t page, const std::function<void(const Result&)>& fn) {
  std::string select = "SELECT " + joined(t.columns);
  for (const auto& k : t.key) select += ", " + (k == "rowid" ? std::string("rowid") : quoted(k));
  select += " FROM " + quoted(t.name);
  std::string order;
  for (const auto& k : t.key) order += (order.empty() ? "" : ", ") + (k == "rowid" ? std::string("rowid") : quoted(k));
  std::string tuple = "(" + order + ")";
  std::string marks = "(";
  for (std::size_t i = 0; i < t.key.size(); ++i) marks += i ? ", ?" : "?";
  marks += ")";
  std::vector<Value> after;
  for (;;) {
    std::string sql = select + (after.empty() ? "" : " WHERE " + tuple + " > " + marks) + " ORDER BY " + order +
                      " LIMIT " + std::to_string(page);
    Result r = tx.exec(sql, after);
    if (r.rows.empty()) return;
    fn(r);
    if (r.rows.size() < page) return;
    const Row& last = r.rows.back();
    after.clear();
    for (std::size_t i = 0; i < t.key.size(); ++i) after.push_back(last.at(t.columns.size() + i));
  }
}

// A 128-bit sum of per-row BLAKE2b hashes: equal multisets of rows give equal digests.
struct Digest {
  std::array<std::uint64_t, 2> sum{0, 0};
  void add(const Row& row, std::size_t columns) {
    crypto_generichash_state st;
    crypto_generichash_init(&st, nullptr, 0, 16);
    for (std::size_t i = 0; i < columns; ++i) {
      // The canonical text of a value (numbers in decimal: an engine may answer an integer
      // where the other answers a whole double), prefixed by its kind and length.
      std::string v = row.is_null(i) ? "N" : "V" + std::to_string(row.str(i).size()) + ":" + row.str(i);
      crypto_generichash_update(&st, reinterpret_cast<const unsigned char*>(v.data()), v.size());
    }
    std::array<unsigned char, 16> h{};
    crypto_generichash_final(&st, h.data(), h.size());
    std::uint64_t lo = 0, hi = 0;
    for (int i = 0; i < 8; ++i) {
      lo = (lo << 8) | h[static_cast<std::size_t>(i)];
      hi = (hi << 8) | h[static_cast<std::size_t>(i) + 8];
    }
    std::uint64_t before = sum[0];
    sum[0] += lo;
    sum[1] += hi + (sum[0] < before ? 1 : 0);
  }
  std::string hex() const {
    char out[33];
    std::snprintf(out, sizeof out, "%016llx%016llx", static_cast<unsigned long long>(sum[1]),
                  static_cast<unsigned long long>(sum[0]));
    return out;
  }
};

struct ForeignKey {
  std::string table, name, definition;
};

// An index no constraint owns (primary keys and UNIQUE constraints keep theirs).
struct Index {
  std::string name, definition;
};

}  // namespace

void copy_database(Database& from, Database& to,
                   const std::function<void(const std::string&, std::int64_t)>& progress) {
  if (from.dialect() != Dialect::sqlite || to.dialect() != Dialect::postgres)
    throw std::runtime_error("the copy goes from SQLite to PostgreSQL");
  std::vector<Table> tables = plan(from, to);
  to.bulk([&](Tx& out) {
    // A new database holds no account, no place and no audit entry; what else it holds,
    // migrations put there (their seeds), and the source's rows replace it.
    for (const char* t : {"users", "regions", "audit_log"}) {
      if (!out.exec(std::string("SELECT 1 FROM ") + t + " LIMIT 1").empty())
        throw std::runtime_error(std::string("the target is not empty (table ") + t +
                                 " has rows): move into a new database or schema");
    }
    for (const auto& t : tables) out.exec("DELETE FROM " + quoted(t.name));
    // Foreign keys off for the copy (rows come table by table, parents not always first),
    // on again at the end: adding them back checks every copied reference.
    std::vector<ForeignKey> fks;
    for (const auto& r : out.exec("SELECT quote_ident(cl.relname), quote_ident(c.conname), pg_get_constraintdef(c.oid) "
                                  "FROM pg_constraint c JOIN pg_class cl ON cl.oid = c.conrelid WHERE c.contype = 'f' "
                                  "AND c.connamespace = current_schema()::regnamespace")
                             .rows)
      fks.push_back(ForeignKey{r.str(0), r.str(1), r.str(2)});
    for (const auto& fk : fks) out.exec("ALTER TABLE " + fk.table + " DROP CONSTRAINT " + fk.name);
    // The other indexes off too, built again after the copy: one sort per index instead of
    // a B-tree or GIN insertion per row (ten million events: minutes instead of hours).
    std::vector<Index> indexes;
    for (const auto& r : out.exec("SELECT quote_ident(i.relname), pg_get_indexdef(x.indexrelid) FROM pg_index x "
                                  "JOIN pg_class i ON i.oid = x.indexrelid WHERE i.relnamespace = "
                                  "current_schema()::regnamespace AND NOT EXISTS (SELECT 1 FROM pg_constraint c "
                                  "WHERE c.conindid = x.indexrelid)")
                             .rows)
      indexes.push_back(Index{r.str(0), r.str(1)});
    for (const auto& ix : indexes) out.exec("DROP INDEX " + ix.name);
    from.read([&](Tx& in) {
      for (const auto& t : tables) {
        const std::size_t per_statement =
            std::max<std::size_t>(1, std::min<std::size_t>(500, 30000 / t.columns.size()));
        std::string head = "INSERT INTO " + quoted(t.name) + " (" + joined(t.columns) + ") VALUES ";
        std::string one = "(";
        for (std::size_t i = 0; i < t.columns.size(); ++i) one += i ? ", ?" : "?";
        one += ")";
        std::int64_t copied = 0;
        each_page(in, t, per_statement, [&](const Result& page) {
          std::string sql = head;
          std::vector<Value> params;
          params.reserve(page.rows.size() * t.columns.size());
          for (std::size_t r = 0; r < page.rows.size(); ++r) {
            sql += r ? ", " + one : one;
            for (std::size_t c = 0; c < t.columns.size(); ++c) params.push_back(page.rows[r].at(c));
          }
          out.exec(sql, params);
          copied += static_cast<std::int64_t>(page.rows.size());
        });
        progress(t.name, copied);
      }
    });
    for (const auto& ix : indexes) out.exec(ix.definition);
    for (const auto& fk : fks) out.exec("ALTER TABLE " + fk.table + " ADD CONSTRAINT " + fk.name + " " + fk.definition);
    // Identity columns continue past the copied ids.
    for (const auto& r : out.exec("SELECT quote_ident(table_name), column_name FROM information_schema.columns WHERE "
                                  "table_schema = current_schema() AND is_identity = 'YES'")
                             .rows) {
      out.exec("SELECT setval(pg_get_serial_sequence(?, ?), COALESCE((SELECT MAX(" + quoted(r.str(1)) + ") FROM " +
                   r.str(0) + "), 0) + 1, false)",
               {r.str(0), r.str(1)});
    }
    // The planner's statistics now, not when autovacuum comes round: a bulk-loaded table
    // has none, and without them PostgreSQL plans a ten-million-row table as a small one.
    // The copied tables only (the database may hold other schemas).
    std::vector<std::string> names;
    for (const auto& t : tables) names.push_back(t.name);
    if (!names.empty()) out.exec("ANALYZE " + joined(names));
  });
}

std::vector<TableCopy> verify_copy(Database& from, Database& to) {
  std::vector<Table> tables = plan(from, to);
  std::vector<TableCopy> out;
  for (const auto& t : tables) {
    TableCopy c;
    c.table = t.name;
    Digest src, dst;
    from.read([&](Tx& tx) {
      each_page(tx, t, 2000, [&](const Result& page) {
        for (const auto& row : page.rows) src.add(row, t.columns.size());
        c.source_rows += static_cast<std::int64_t>(page.rows.size());
      });
    });
    // The target through a cursor, in its own order: the digest ignores order.
    to.read([&](Tx& tx) {
      tx.exec("DECLARE wangge_verify NO SCROLL CURSOR FOR SELECT " + joined(t.columns) + " FROM " + quoted(t.name));
      for (;;) {
        Result r = tx.exec("FETCH 2000 FROM wangge_verify");
        for (const auto& row : r.rows) dst.add(row, t.columns.size());
        c.target_rows += static_cast<std::int64_t>(r.rows.size());
        if (r.rows.empty()) break;
      }
      tx.exec("CLOSE wangge_verify");
    });
    c.source_digest = src.hex();
    c.target_digest = dst.hex();
    out.push_back(std::move(c));
  }
  return out;
}

}  // namespace wangge::storage
