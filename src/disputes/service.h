// The disputes module (矛盾纠纷排查化解, PRODUCT.md module 3): the dispute ledger
// (ledger.cpp), mediation sessions, outcomes and follow-ups (mediation.cpp), early
// warnings and statistics (warnings.cpp). The state table is in model.h. Parties may be
// registry persons (checked through the registry, never its tables); their phones are
// sealed and masked.
#pragma once

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/calendar.h"
#include "core/context.h"
#include "core/crypto.h"
#include "core/http/router.h"
#include "core/http/schema.h"
#include "core/json.h"
#include "core/storage/database.h"
#include "core/work.h"
#include "disputes/model.h"

namespace wangge::territory {
class Service;
}

namespace wangge::disputes {

// The schemas of the module's answers (schemas.cpp): Dispute, DisputeDetail, DisputeStats, ...
void register_schemas(schema::Components& c);

class Service {
 public:
  Service(storage::Database& db, territory::Service& territory, const Calendar& calendar, const Crypto& crypto);
  void register_routes(http::Router& router);

  // May the caller see the registry person with this id (it exists, in their scope)?
  // Wired by the app to the registry; a party can only be linked to such a person.
  using PersonCheck = std::function<bool(storage::Tx&, const Context&, std::int64_t)>;
  void set_person_check(PersonCheck f) { person_visible_ = std::move(f); }
  // Where exports are written while they are made (export.cpp).
  void set_export_dir(std::string dir) { export_dir_ = std::move(dir); }

  // Disputes under `path` found on days [from, to) (YYYY-MM-DD): found, settled (调解成功),
  // closed (settled, failed or referred), high risk among the open ones (figures.cpp; the
  // cockpit's). 调解率 = settled ÷ found.
  struct Figures {
    std::int64_t found = 0, settled = 0, closed = 0, active = 0;
    std::map<std::string, std::int64_t> by_type;
  };
  Figures figures(const std::string& path, const std::string& from, const std::string& to);

  // Use cases; each runs one write transaction, audited in it. ledger.cpp:
  // Records a dispute (its fields and parties checked by the caller) and answers it as stored.
  Dispute create(const Context& ctx, Dispute d);
  // Applies a PATCH body to a dispute (version checked; a risk change needs a reason).
  Dispute correct(const Context& ctx, std::int64_t id, const json::object& body);
  // mediation.cpp: a session (its id set in s) moves the dispute as kTransitions allows.
  Dispute record_session(const Context& ctx, std::int64_t id, const json::object& body, Session& s);
  // Closes without agreement: outcome failed or referred (to referred_to), on `on`
  // (YYYY-MM-DD; empty: today).
  Dispute close(const Context& ctx, std::int64_t id, const json::object& body, const std::string& outcome,
                const std::optional<std::string>& referred_to, const std::string& detail, const std::string& on = "");
  // A follow-up visit; answers (and sets) its id.
  std::int64_t add_followup(const Context& ctx, Followup& f);

  // The demo's dispute ledger (demo.cpp): `count` disputes found over the past year in the
  // grids under `root`, each recorded by the first recorder who may write there, with
  // parties from the registry (`parties` answers persons of a grid that recorder may read),
  // mediated by `mediator` through the use cases above: sessions, agreements, failures,
  // referrals, risk changes with reasons, follow-ups. Deterministic for a seed; nothing when
  // disputes exist under `root` already. Answers how many were recorded.
  struct DemoParty {
    std::int64_t person_id = 0;
    std::string name;
  };
  struct DemoActors {
    std::vector<const Context*> recorders;
    const Context* mediator = nullptr;
    std::function<std::vector<DemoParty>(const Context&, const std::string& grid_code)> parties;
  };
  int load_demo(const DemoActors& actors, const std::string& root, int count, std::uint64_t seed = 20261203);

  // What waits for the caller (GET /my/work; mediation.cpp): with disputes:mediation:write,
  // the disputes open, mediating and failed in the caller's scope, each counted up to `cap`.
  std::vector<work::Item> waiting(storage::Tx& tx, const Context& ctx, int cap);

  std::string today() const;
  std::string date_field(const json::object& body, std::string_view key, const std::string& dflt) const;
  json::object dispute_json(const Dispute& d) const;

 private:
  void register_ledger_routes(http::Router& router);
  void register_mediation_routes(http::Router& router);
  void register_warning_routes(http::Router& router);
  void register_stats_routes(http::Router& router);  // stats.cpp
  void register_export_routes(http::Router& router);
  // Loads a dispute for a change by the caller: 404, scope, version (409/428).
  Dispute load_for_change(storage::Tx& tx, const Context& ctx, std::int64_t id, const json::object& body,
                          std::string_view permission);

  storage::Database& db_;
  territory::Service& territory_;
  const Calendar& calendar_;
  const Crypto& crypto_;
  PersonCheck person_visible_;
  std::string export_dir_ = "exports";
};

}  // namespace wangge::disputes
