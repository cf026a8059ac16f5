// The notices module (通知公告、政策法规: "政策法规随时知", seed 004; PRODUCT.md module 8;
// docs/NOTICES.md): notices and policies published to a territory subtree for a validity
// period, with attachments (documents, images, audio, video), a must-read flag that puts
// them in the staff's inboxes, read receipts per account, the staff each notice reached
// and who of them has read it, a resident-facing list of what is in force where they live,
// full-text search, figures and an .xlsx ledger. Accounts (who is staff where), names and
// attachments are reached through callbacks the app wires.
//
// Thread safety: a Service is shared by every request thread; its state after start is
// the wired callbacks, set once before serving.
#pragma once

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/calendar.h"
#include "core/context.h"
#include "core/http/router.h"
#include "core/json.h"
#include "core/storage/database.h"
#include "notices/model.h"

namespace wangge::territory {
class Service;
}
namespace wangge::notifications {
class Service;
}

namespace wangge::notices {

void register_schemas(schema::Components& c);

class Service {
 public:
  Service(storage::Database& db, territory::Service& territory, const Calendar& calendar);
  void register_routes(http::Router& router);

  // --- wiring (app/wiring_deliberation.cpp) ---
  // The staff accounts working at a node or under it: (account, the path of its place).
  using StaffUnder =
      std::function<std::vector<std::pair<std::int64_t, std::string>>(storage::Tx&, const std::string& path)>;
  using NamesOf = std::function<std::map<std::int64_t, std::string>(storage::Tx&, const std::vector<std::int64_t>&)>;
  // Links attachment hashes to a notice after checking the caller may see them.
  using Linker = std::function<void(storage::Tx&, const Context&, const std::vector<std::string>&, std::int64_t id)>;
  void set_accounts(StaffUnder staff, NamesOf names) {
    staff_under_ = std::move(staff);
    names_of_ = std::move(names);
  }
  void set_linker(Linker l) { link_ = std::move(l); }
  void set_notifier(notifications::Service* n) { notifier_ = n; }
  void set_export_dir(std::string dir) { export_dir_ = std::move(dir); }

  // --- use cases (notices.cpp) ---
  // A draft, or published at once when `publish`.
  Notice create(storage::Tx& tx, const Context& ctx, Notice n, bool publish);
  // A draft's fields changed; a published notice's validity (its end) only.
  Notice update(storage::Tx& tx, const Context& ctx, std::int64_t id, const json::object& body);
  Notice publish(storage::Tx& tx, const Context& ctx, std::int64_t id, std::int64_t version);
  Notice withdraw(storage::Tx& tx, const Context& ctx, std::int64_t id, std::int64_t version,
                  const std::string& reason);
  // The caller opened the notice: its receipt, counted once.
  Notice mark_read(storage::Tx& tx, const Context& ctx, std::int64_t id);
  // The notice if the caller may read it (published on their line or under their scope;
  // drafts and withdrawn ones to their writers only), else 404.
  Notice readable(storage::Tx& tx, const Context& ctx, std::int64_t id) const;
  bool writes(const Context& ctx, const Notice& n) const;
  // The answer for a notice: read by the caller or not, the read rate for those who may see it.
  json::object notice_json(const Notice& n, std::optional<std::int64_t> read_at, bool receipts,
                           const std::map<std::int64_t, std::string>& names, bool full) const;

 private:
  void register_notice_routes(http::Router& router);   // http.cpp
  void register_receipt_routes(http::Router& router);  // http_receipts.cpp
  std::map<std::int64_t, std::string> names(storage::Tx& tx, const std::vector<std::int64_t>& ids) const {
    return names_of_ && !ids.empty() ? names_of_(tx, ids) : std::map<std::int64_t, std::string>{};
  }
  // Checks a notice's fields (validity inside the served years, attachments), filling its place.
  void check(const Notice& n) const;

  storage::Database& db_;
  territory::Service& territory_;
  const Calendar& calendar_;
  StaffUnder staff_under_;
  NamesOf names_of_;
  Linker link_;
  notifications::Service* notifier_ = nullptr;
  std::string export_dir_ = "exports";
};

}  // namespace wangge::notices
