// The JSON Schemas of the points module's answers, beside what renders them (ledger.cpp,
// shop.cpp, http_rules.cpp): published in /api/openapi.json, checked against every answer
// in the tests (Config::check_contracts).
#include "points/service.h"

namespace wangge::points {

using namespace schema;

void register_schemas(Components& c) {
  value time = date_time();
  c.add("PointRule",
        object({req("id", id()), req("region_code", str()), req("region_name", str()),
                req("earner_type", enumeration(kEarnerTypes)), req("deed", enumeration(kDeeds)), req("name", str()),
                req("points", integer(1, 1000)), req("cap_day", nullable(integer(1))),
                req("cap_month", nullable(integer(1))), req("valid_from", date()), req("valid_to", nullable(date())),
                req("active", boolean()), req("in_force", boolean()), req("version", integer(1))}));
  c.add("PointHolder", object({req("id", nullable(id())), req("kind", enumeration(kHolderKinds)),
                               req("ref_id", integer()), req("name", str()), req("region_code", str()),
                               req("earner_type", enumeration(kEarnerTypes)), req("balance", integer(0)),
                               req("earned", integer()), req("spent", integer()), req("entries", integer(0))}));
  c.add("PointEntry",
        object({req("id", id()), req("cause", enumeration(kCauses)), req("points", integer()),
                req("balance_after", integer(0)), req("quantity", integer()), req("reason", str()), req("at", time),
                req("rule_id", nullable(id())), req("rule_name", str()), req("deed", nullable(enumeration(kDeeds))),
                req("deed_ref", nullable(str())), req("redemption_id", nullable(id()))}));
  c.add("PointReward", object({req("id", id()), req("region_code", str()), req("name", str()), req("detail", str()),
                               req("price", integer(1)), req("stock", integer(0)), req("stock_added", integer(0)),
                               req("supplier_kind", enumeration(kSupplierKinds)), req("supplier_name", str()),
                               req("active", boolean()), req("version", integer(1))}));
  c.add("PointRedemption",
        object({req("id", id()), req("reward_id", id()), req("reward_name", str()), req("holder_id", id()),
                req("holder_name", str()), req("points", integer(1)),
                req("status", enumeration({"issued", "verified", "cancelled"})), req("created_at", time),
                req("closed_at", nullable(time)), req("version", integer(1)),
                req("code", describe(nullable(str(10, 10)), "shown to the holder only"))}));
}

}  // namespace wangge::points
