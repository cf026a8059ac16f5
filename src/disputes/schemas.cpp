// The JSON Schemas of the disputes module's answers, beside what renders them
// (Service::dispute_json in service.cpp, the history in ledger.cpp, warnings.cpp,
// stats.cpp): published in /api/openapi.json, checked against every answer in the tests
// (Config::check_contracts).
#include "disputes/service.h"

namespace wangge::disputes {

using namespace schema;

namespace {

value risk() {
  return enumeration(kRisks);
}

}  // namespace

void register_schemas(Components& c) {
  value time = date_time();
  c.add("DisputeParty", object({req("id", id()), req("role", enumeration({"applicant", "respondent", "other"})),
                                req("name", str()), req("person_id", nullable(id())),
                                req("phone", describe(str(), "masked (138****5678); empty when not known"))}));
  c.add("Dispute", object({req("id", id()), req("region_code", str()), req("type", enumeration(kTypes)),
                           req("title", str()), req("description", str()), req("place", str()), req("risk", risk()),
                           req("source", enumeration(kSources)), req("source_ref", str()),
                           req("status", enumeration({"open", "mediating", "settled", "failed", "referred"})),
                           req("referred_to", nullable(enumeration(kReferrals))), req("outcome_detail", str()),
                           req("mediator_id", nullable(id())), req("found_on", date()),
                           req("closed_on", nullable(date())), req("parties", array(ref("DisputeParty"))),
                           req("version", integer(1)), req("created_at", time), req("updated_at", time)}));
  c.add("DisputeSession", object({req("id", id()), req("held_on", date()), req("mediator_name", str()),
                                  req("participants", str()), req("record", str()), req("agreement", str()),
                                  req("result", enumeration({"continue", "agreement", "failed"}))}));
  c.add("DisputeFollowup",
        object({req("id", id()), req("visited_on", date()), req("note", str()), req("stable", boolean())}));
  c.add("DisputeRiskChange", object({req("from", risk()), req("to", risk()), req("reason", str()), req("at", time)}));
  c.add("DisputeDetail", all_of({ref("Dispute"), object({req("sessions", array(ref("DisputeSession"))),
                                                         req("followups", array(ref("DisputeFollowup"))),
                                                         req("risk_history", array(ref("DisputeRiskChange")))})}));
  c.add("DisputeWarning",
        object({req("kind", enumeration({"high_risk", "repeated_person", "repeated_place", "escalating"})),
                req("key", describe(str(), "the dispute id, the person id, the grid code or the place")),
                req("name", str()),
                opt("reason", describe(enumeration({"risk", "type"}), "high_risk: its risk level or its type")),
                req("count", integer(1)), req("dispute_ids", array(id()))}));
  value n = integer(0);
  c.add(
      "DisputeStats",
      object({req("region", object({req("code", str()), req("name", str())})), req("from", date()), req("to", date()),
              req("found", n), req("settled", n), req("failed", n), req("referred", n), req("active", n),
              req("mediation_rate", describe(number(), "调解率: settled / found (0 when none found)")),
              req("success_rate", describe(number(), "调解成功率: settled / closed (0 when none closed)")),
              req("by_status", map_of(n)), req("by_type", map_of(n)),
              req("children", array(object({req("code", str()), req("name", str()), req("found", n), req("settled", n),
                                            req("mediation_rate", number()), req("success_rate", number())})))}));
}

}  // namespace wangge::disputes
