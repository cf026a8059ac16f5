// The filters every walk of the events list shares (store_list_filters.h).
#include "events/store_list_filters.h"

#include "core/storage/rows.h"
#include "territory/store.h"

namespace wangge::events::store {

using storage::Value;

namespace {

// Text in the description or address: the FTS5 trigram index (SQLite), pg_trgm (PostgreSQL),
// or a scan within the other filters when the text is too short for trigrams.
void add_text_clause(storage::Tx& tx, const std::string& text, std::string& sql, std::vector<Value>& p) {
  std::size_t chars = 0;
  for (unsigned char ch : text) chars += (ch & 0xC0) != 0x80;
  bool pg = tx.dialect() == storage::Dialect::postgres;
  if (chars >= 3 && !pg) {
    // FTS5 trigram index: the text as one quoted phrase.
    std::string phrase = "\"";
    for (char ch : text) phrase += ch == '"' ? std::string("\"\"") : std::string(1, ch);
    phrase += "\"";
    sql += " AND id IN (SELECT rowid FROM events_fts WHERE events_fts MATCH ?)";
    p.emplace_back(phrase);
  } else if (chars >= 3) {
    // pg_trgm GIN indexes serve LIKE '%...%'.
    std::string pattern = "%";
    for (char ch : text) {
      if (ch == '%' || ch == '_' || ch == '\\') pattern += '\\';
      pattern += ch;
    }
    pattern += "%";
    sql += " AND (description LIKE ? OR address LIKE ?)";
    p.emplace_back(pattern);
    p.emplace_back(pattern);
  } else {
    // Too short for trigrams: a scan within the other filters.
    sql += pg ? " AND (strpos(description, ?) > 0 OR strpos(address, ?) > 0)"
              : " AND (instr(description, ?) > 0 OR instr(address, ?) > 0)";
    p.emplace_back(text);
    p.emplace_back(text);
  }
}

}  // namespace

void list_filters(storage::Tx& tx, const ListFilter& f, std::string& sql, std::vector<Value>& p,
                  const FilterForms& forms) {
  if (!f.ids.empty()) sql += " AND id IN (" + storage::in_list(f.ids, p) + ")";
  if (!f.assigned_departments.empty())
    sql += " AND department_id IN (" + storage::in_list(f.assigned_departments, p) + ")";
  if (!f.category_codes.empty()) sql += " AND category_code IN (" + storage::in_list(f.category_codes, p) + ")";
  if (f.level) sql += " AND level = ?", p.emplace_back(*f.level);
  if (f.source) sql += " AND source = ?", p.emplace_back(*f.source);
  if (f.sla) sql += " AND sla = ?", p.emplace_back(*f.sla);
  if (f.category_prefix) {
    sql += " AND (category_code = ? OR category_code IN (SELECT code FROM event_categories WHERE parent_code = ?))";
    p.emplace_back(*f.category_prefix);
    p.emplace_back(*f.category_prefix);
  }
  if (f.grid_prefix_path) {
    sql += " AND region_path >= ? AND region_path < ?";
    p.emplace_back(*f.grid_prefix_path);
    p.emplace_back(territory::store::path_upper_bound(*f.grid_prefix_path));
  }
  // The red events' partial index (events_overdue, 0049) is written `sla = 'red'`; no plan
  // can prove that from `sla || '' = 'red'`.
  if (f.overdue)
    sql += !*f.overdue ? " AND sla <> 'red'" : forms.overdue_on_rows ? " AND sla || '' = 'red'" : " AND sla = 'red'";
  // Literals, so that the partial indexes events_supervised and events_extension apply.
  if (f.supervised) sql += *f.supervised ? " AND supervised = 1" : " AND supervised = 0";
  if (f.pending_extension)
    sql += *f.pending_extension ? " AND extension_days IS NOT NULL" : " AND extension_days IS NULL";
  if (f.from_ms) sql += " AND created_at >= ?", p.emplace_back(*f.from_ms);
  if (f.to_ms) sql += " AND created_at < ?", p.emplace_back(*f.to_ms);
  if (f.text) add_text_clause(tx, *f.text, sql, p);
  if (f.before_id) sql += forms.cursor_on_rows ? " AND +id < ?" : " AND id < ?", p.emplace_back(*f.before_id);
}

namespace {

// Every filter but the overdue one is absent.
bool plain_beyond_overdue(const ListFilter& f) {
  return !f.supervised && !f.pending_extension && !f.text && f.ids.empty() && f.assigned_departments.empty() &&
         f.category_codes.empty() && !f.level && !f.source && !f.sla && !f.category_prefix && !f.grid_prefix_path &&
         !f.from_ms && !f.to_ms;
}

}  // namespace

bool plain_tab(const ListFilter& f) {
  return !f.overdue && plain_beyond_overdue(f);
}

// Whether a list on PostgreSQL may walk its per-status ways (a department and a status each)
// as one walk over the (department, status) pairs, a LATERAL subquery planned once: a
// handler of 7 departments has 70 such walks on the "all" tab, and planning 70 subqueries
// took 25 ms where one over the pairs takes 8 (the same index-only walks, the same page;
// docs/EVENTS.md). Planned not knowing which pair, a further filter may tempt the planner
// onto another index for all of them: with `sla = 'red'` it walked the red events' index
// testing every row (2.8 s). The overdue tab's pairs test `sla || '' = 'red'` on their rows
// (FilterForms), which no plan can take that index for; any other filter keeps one walk per
// pair. Only the plan depends on it: the pairs' walk carries every shared filter too.
bool plain_or_overdue_tab(const ListFilter& f) {
  return f.overdue.value_or(true) && plain_beyond_overdue(f);
}

}  // namespace wangge::events::store
