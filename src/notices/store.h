// The notices module's SQL. Only this module reads or writes notices, notice_reads and
// notice_recipients.
//
// Counting: a read inserts its receipt (unique per notice and account) and, only when that
// insert made a row, adds one to the notice's counters, in the same transaction; so the
// counters equal the receipts however often an account opens the notice, and a read rate
// is one row's read.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/storage/database.h"
#include "notices/model.h"

namespace wangge::notices::store {

std::int64_t insert(storage::Tx& tx, const Notice& n);
bool update(storage::Tx& tx, const Notice& n, std::int64_t expected_version);
std::optional<Notice> notice(storage::Tx& tx, std::int64_t id);

struct Filter {
  std::vector<std::string> within, line;  // what the caller reaches
  std::vector<std::string> statuses;      // empty: any
  std::optional<std::string> kind, topic, q;
  std::optional<bool> must_read;
  std::optional<std::int64_t> valid_at;   // in force at this instant
  std::optional<std::int64_t> unread_by;  // not read by this account
  std::optional<std::int64_t> before_id;
  int limit = 50;
};
std::vector<Notice> notices(storage::Tx& tx, const Filter& f);
// When the account read each of `ids` it has read.
std::map<std::int64_t, std::int64_t> read_of(storage::Tx& tx, std::int64_t user_id,
                                             const std::vector<std::int64_t>& ids);
std::optional<std::int64_t> read_at(storage::Tx& tx, std::int64_t notice_id, std::int64_t user_id);

// Copies the staff the notice reaches into its recipients (`read_by` among them marked read
// at `at`: the author); answers how many.
std::int64_t insert_recipients(storage::Tx& tx, std::int64_t notice_id,
                               const std::vector<std::pair<std::int64_t, std::string>>& staff, std::int64_t read_by,
                               std::int64_t at);
// The author's receipt as the notice is published (their recipient row, if any, written
// read by insert_recipients).
void record_author_read(storage::Tx& tx, std::int64_t notice_id, std::int64_t user_id, std::int64_t at, bool recipient);
// Records a read; true when it is the account's first.
bool record_read(storage::Tx& tx, std::int64_t notice_id, std::int64_t user_id, std::int64_t at);
std::vector<Recipient> recipients(storage::Tx& tx, std::int64_t notice_id, std::optional<bool> read,
                                  std::optional<std::int64_t> after_user, int limit);
// Recipients and those who read, per node at `depth` path segments below the root
// (the notice's children), for the receipts page.
struct NodeRate {
  std::string path;
  std::int64_t recipients = 0, read = 0;
};
std::vector<NodeRate> rates_by_child(storage::Tx& tx, std::int64_t notice_id, const std::string& root);

struct Figures {
  std::int64_t notices = 0, policies = 0, must_read = 0, withdrawn = 0;
  std::int64_t recipients = 0, recipients_read = 0, readers = 0;
};
Figures figures(storage::Tx& tx, const std::string& path, std::int64_t from, std::int64_t to);
std::int64_t count_uses(storage::Tx& tx, const std::string& code);
std::int64_t count_under(storage::Tx& tx, const std::string& path);

}  // namespace wangge::notices::store
