// The SQL of notices, their receipts and their recipients.
#include "notices/store.h"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <map>

#include "core/storage/rows.h"
#include "core/storage/scope.h"

namespace wangge::notices::store {
namespace {

using storage::Value;

Value opt(const std::optional<std::int64_t>& v) {
  return v ? Value(*v) : Value(nullptr);
}

std::string list_text(const std::vector<std::string>& items) {
  boost::json::array a;
  for (const auto& s : items) a.emplace_back(s);
  return boost::json::serialize(a);
}

constexpr const char* kColumns =
    "id, region_code, region_path, kind, topic, title, body, attachments, must_read, status, valid_from, valid_until, "
    "published_at, author_id, readers, recipients, recipients_read, withdrawn_reason, version, created_at, updated_at "
    "FROM notices";

Notice decode(const storage::Row& r) {
  Notice n;
  std::size_t i = 0;
  n.id = r.i64(i++);
  n.region_code = r.str(i++);
  n.region_path = r.str(i++);
  n.kind = r.str(i++);
  n.topic = r.str(i++);
  n.title = r.str(i++);
  n.body = r.str(i++);
  boost::system::error_code ec;
  auto a = boost::json::parse(r.str(i++), ec);
  if (!ec && a.is_array())
    for (const auto& h : a.as_array())
      if (h.is_string()) n.attachments.emplace_back(h.as_string());
  n.must_read = r.i64(i++) != 0;
  n.status = r.str(i++);
  n.valid_from = r.opt_i64(i++);
  n.valid_until = r.opt_i64(i++);
  n.published_at = r.opt_i64(i++);
  n.author_id = r.i64(i++);
  n.readers = r.i64(i++);
  n.recipients = r.i64(i++);
  n.recipients_read = r.i64(i++);
  n.withdrawn_reason = r.str(i++);
  n.version = r.i64(i++);
  n.created_at = r.i64(i++);
  n.updated_at = r.i64(i++);
  return n;
}

// Text in the title or body: the FTS5 trigram index (SQLite, three characters or more),
// pg_trgm (PostgreSQL), or a scan within the other filters.
void text_clause(storage::Tx& tx, const std::string& text, std::string& sql, std::vector<Value>& p) {
  std::size_t chars = 0;
  for (unsigned char ch : text) chars += (ch & 0xC0) != 0x80;
  if (tx.dialect() == storage::Dialect::sqlite) {
    if (chars >= 3) {
      std::string phrase = "\"";
      for (char ch : text) phrase += ch == '"' ? std::string("\"\"") : std::string(1, ch);
      sql += " AND id IN (SELECT rowid FROM notices_fts WHERE notices_fts MATCH ?)";
      p.emplace_back(phrase + "\"");
    } else {
      sql += " AND (instr(title, ?) > 0 OR instr(body, ?) > 0)";
      p.emplace_back(text);
      p.emplace_back(text);
    }
    return;
  }
  std::string like = "%";
  for (char ch : text) {
    if (ch == '%' || ch == '_' || ch == '\\') like += '\\';
    like += ch;
  }
  sql += " AND (title || ' ' || body) LIKE ?";
  p.emplace_back(like + "%");
}

}  // namespace

std::int64_t insert(storage::Tx& tx, const Notice& n) {
  return tx.insert_id(
      "INSERT INTO notices (region_code, region_path, kind, topic, title, body, attachments, must_read, status, "
      "valid_from, valid_until, published_at, author_id, version, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, "
      "?, ?, ?, ?, ?, ?, ?, 1, ?, ?) RETURNING id",
      {n.region_code, n.region_path, n.kind, n.topic, n.title, n.body, list_text(n.attachments),
       std::int64_t{n.must_read ? 1 : 0}, n.status, opt(n.valid_from), opt(n.valid_until), opt(n.published_at),
       n.author_id, n.created_at, n.updated_at});
}

bool update(storage::Tx& tx, const Notice& n, std::int64_t expected_version) {
  return tx.exec(
               "UPDATE notices SET kind = ?, topic = ?, title = ?, body = ?, attachments = ?, must_read = ?, status = "
               "?, valid_from = ?, valid_until = ?, published_at = ?, recipients = ?, withdrawn_reason = ?, version "
               "= ?, updated_at = ? WHERE id = ? AND version = ?",
               {n.kind, n.topic, n.title, n.body, list_text(n.attachments), std::int64_t{n.must_read ? 1 : 0}, n.status,
                opt(n.valid_from), opt(n.valid_until), opt(n.published_at), n.recipients, n.withdrawn_reason, n.version,
                n.updated_at, n.id, expected_version})
             .changes == 1;
}

std::optional<Notice> notice(storage::Tx& tx, std::int64_t id) {
  return storage::first_or_none(tx.exec(std::string("SELECT ") + kColumns + " WHERE id = ?", {id}), decode);
}

std::vector<Notice> notices(storage::Tx& tx, const Filter& f) {
  std::string sql = std::string("SELECT ") + kColumns + " WHERE ";
  std::vector<Value> p;
  storage::reach_clause(f.within, f.line, "region_path", sql, p);
  if (!f.statuses.empty()) sql += " AND status IN (" + storage::in_list(f.statuses, p) + ")";
  if (f.kind) sql += " AND kind = ?", p.emplace_back(*f.kind);
  if (f.topic) sql += " AND topic = ?", p.emplace_back(*f.topic);
  if (f.must_read) sql += " AND must_read = ?", p.emplace_back(std::int64_t{*f.must_read ? 1 : 0});
  if (f.valid_at) {
    sql += " AND (valid_from IS NULL OR valid_from <= ?) AND (valid_until IS NULL OR valid_until > ?)";
    p.emplace_back(*f.valid_at);
    p.emplace_back(*f.valid_at);
  }
  if (f.unread_by) {
    sql += " AND NOT EXISTS (SELECT 1 FROM notice_reads r WHERE r.notice_id = notices.id AND r.user_id = ?)";
    p.emplace_back(*f.unread_by);
  }
  if (f.q && !f.q->empty()) text_clause(tx, *f.q, sql, p);
  if (f.before_id) sql += " AND id < ?", p.emplace_back(*f.before_id);
  sql += " ORDER BY id DESC LIMIT ?";
  p.emplace_back(std::int64_t{f.limit});
  return storage::all_as(tx.exec(sql, p), decode);
}

std::map<std::int64_t, std::int64_t> read_of(storage::Tx& tx, std::int64_t user_id,
                                             const std::vector<std::int64_t>& ids) {
  std::map<std::int64_t, std::int64_t> out;
  if (ids.empty()) return out;
  std::vector<Value> p{user_id};
  std::string in = storage::in_list(ids, p);
  for (const auto& r :
       tx.exec("SELECT notice_id, read_at FROM notice_reads WHERE user_id = ? AND notice_id IN (" + in + ")", p).rows)
    out[r.i64(0)] = r.i64(1);
  return out;
}

std::optional<std::int64_t> read_at(storage::Tx& tx, std::int64_t notice_id, std::int64_t user_id) {
  auto res = tx.exec("SELECT read_at FROM notice_reads WHERE notice_id = ? AND user_id = ?", {notice_id, user_id});
  if (res.empty()) return std::nullopt;
  return res.rows[0].i64(0);
}

std::int64_t insert_recipients(storage::Tx& tx, std::int64_t notice_id,
                               const std::vector<std::pair<std::int64_t, std::string>>& staff, std::int64_t read_by,
                               std::int64_t at) {
  for (const auto& [user, path] : staff)
    tx.insert_later("INSERT INTO notice_recipients (notice_id, user_id, region_path, read_at) VALUES (?, ?, ?, ?)",
                    {notice_id, user, path, user == read_by ? Value(at) : Value(nullptr)});
  return static_cast<std::int64_t>(staff.size());
}

void record_author_read(storage::Tx& tx, std::int64_t notice_id, std::int64_t user_id, std::int64_t at,
                        bool recipient) {
  if (tx.exec("INSERT INTO notice_reads (notice_id, user_id, read_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING",
              {notice_id, user_id, at})
          .changes != 1)
    return;
  tx.exec(std::string("UPDATE notices SET readers = readers + 1") +
              (recipient ? ", recipients_read = recipients_read + 1" : "") + " WHERE id = ?",
          {notice_id});
}

bool record_read(storage::Tx& tx, std::int64_t notice_id, std::int64_t user_id, std::int64_t at) {
  if (tx.exec("INSERT INTO notice_reads (notice_id, user_id, read_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING",
              {notice_id, user_id, at})
          .changes != 1)
    return false;
  bool staff = tx.exec(
                     "UPDATE notice_recipients SET read_at = ? WHERE notice_id = ? AND user_id = ? AND read_at IS "
                     "NULL",
                     {at, notice_id, user_id})
                   .changes == 1;
  tx.exec(std::string("UPDATE notices SET readers = readers + 1") +
              (staff ? ", recipients_read = recipients_read + 1" : "") + " WHERE id = ?",
          {notice_id});
  return true;
}

std::vector<Recipient> recipients(storage::Tx& tx, std::int64_t notice_id, std::optional<bool> read,
                                  std::optional<std::int64_t> after_user, int limit) {
  std::string sql = "SELECT user_id, region_path, read_at FROM notice_recipients WHERE notice_id = ?";
  std::vector<Value> p{notice_id};
  if (read) sql += *read ? " AND read_at IS NOT NULL" : " AND read_at IS NULL";
  if (after_user) sql += " AND user_id > ?", p.emplace_back(*after_user);
  sql += " ORDER BY user_id LIMIT ?";
  p.emplace_back(std::int64_t{limit});
  return storage::all_as(tx.exec(sql, p), [](const storage::Row& r) {
    return Recipient{r.i64(0), r.str(1), r.opt_i64(2)};
  });
}

std::vector<NodeRate> rates_by_child(storage::Tx& tx, std::int64_t notice_id, const std::string& root) {
  std::map<std::string, NodeRate> by;
  auto res = tx.exec(
      "SELECT region_path, COUNT(*), SUM(CASE WHEN read_at IS NULL THEN 0 ELSE 1 END) FROM "
      "notice_recipients WHERE notice_id = ? GROUP BY region_path",
      {notice_id});
  for (const auto& r : res.rows) {
    std::string path = r.str(0);
    // The child of the root the account works under (or the root itself).
    std::string child = root;
    if (path.size() > root.size() && path.rfind(root, 0) == 0) child = path.substr(0, path.find('/', root.size()) + 1);
    auto& n = by[child];
    n.path = child;
    n.recipients += r.i64(1);
    n.read += r.i64(2);
  }
  std::vector<NodeRate> out;
  for (auto& [k, v] : by) out.push_back(v);
  return out;
}

Figures figures(storage::Tx& tx, const std::string& path, std::int64_t from, std::int64_t to) {
  std::string sql =
      "SELECT COALESCE(SUM(CASE WHEN kind = 'notice' THEN 1 ELSE 0 END), 0), COALESCE(SUM(CASE WHEN kind = 'policy' "
      "THEN 1 ELSE 0 END), 0), COALESCE(SUM(must_read), 0), COALESCE(SUM(CASE WHEN status = 'withdrawn' THEN 1 ELSE "
      "0 END), 0), COALESCE(SUM(recipients), 0), COALESCE(SUM(recipients_read), 0), COALESCE(SUM(readers), 0) FROM "
      "notices WHERE ";
  std::vector<Value> p;
  storage::scope_clause({path}, "region_path", sql, p);
  sql += " AND status <> 'draft' AND published_at >= ? AND published_at < ?";
  p.emplace_back(from);
  p.emplace_back(to);
  auto res = tx.exec(sql, p);
  const auto& r = res.one();
  return Figures{r.i64(0), r.i64(1), r.i64(2), r.i64(3), r.i64(4), r.i64(5), r.i64(6)};
}

std::int64_t count_uses(storage::Tx& tx, const std::string& code) {
  return tx.exec("SELECT COUNT(*) FROM notices WHERE region_code = ?", {code}).one().i64(0);
}

std::int64_t count_under(storage::Tx& tx, const std::string& path) {
  std::string sql = "SELECT COUNT(*) FROM notices WHERE ";
  std::vector<Value> p;
  storage::scope_clause({path}, "region_path", sql, p);
  return tx.exec(sql, p).one().i64(0);
}

}  // namespace wangge::notices::store
