// The JSON Schemas of the registry's answers, beside what renders them (service.cpp,
// *_http.cpp, import/http.cpp): published in /api/openapi.json, checked against every answer
// in the tests (Config::check_contracts). Personal data is described as it is answered:
// ID numbers and phones masked (the unmask route alone answers them in full).
#include <boost/json/object.hpp>
#include <span>
#include <vector>

#include "registry/service.h"

namespace wangge::registry {

using namespace schema;

namespace {

// The codes of an enumeration of `T`s with a `code` member (kTagKinds).
template <typename T, std::size_t N>
value codes_of(const T (&kinds)[N]) {
  std::vector<const char*> codes;
  for (const auto& k : kinds) codes.push_back(k.code.data());
  return enumeration(std::span<const char* const>(codes));
}

void person_schemas(Components& c) {
  value day = date();
  c.add("PersonTagKind", object({req("code", str()), req("name_zh", str()), req("name_en", str()),
                                 req("group", enumeration({"care", "status", "key"}))}));
  c.add("PersonTag", describe(object({req("id", id()), req("tag", str()), req("name_zh", str()), req("name_en", str()),
                                      req("since", day), req("note", str())}),
                              "a tag the person carries now"));
  c.add("PersonTagHistoryItem", describe(object({req("id", id()), req("tag", str()), req("since", day),
                                                 req("until", nullable(date())), req("note", str())}),
                                         "a tag the person carries or carried (until: the day it ended)"));
  c.add("PersonTagRecord", all_of({ref("PersonTagHistoryItem"), object({req("person_id", id())})}));
  c.add("Person",
        describe(object({req("id", id()), req("name", str()), req("gender", enumeration({"male", "female"})),
                         req("birth_date", day), req("age", integer(0)),
                         req("id_number", describe(str(), "masked (440404********1234); empty when not known")),
                         req("phone", describe(str(), "masked (138****5678); empty when not known")),
                         req("residence_type", enumeration(kResidenceTypes)),
                         req("floating_registered_on", nullable(date())), req("floating_expires_on", nullable(date())),
                         req("household_id", nullable(id())), req("region_code", str()), req("note", str()),
                         req("tags", array(ref("PersonTag"))), req("version", integer(1)),
                         req("created_at", date_time()), req("updated_at", date_time())}),
                 "a person, ID number and phone masked"));
  c.add("PersonDetail", all_of({ref("Person"), object({req("tag_history", array(ref("PersonTagHistoryItem")))})}));
  c.add("PersonUnmasked",
        describe(object({req("id", id()), req("id_number", nullable(str())), req("phone", nullable(str()))}),
                 "a person's full ID number and phone (null when not known); the read is audited"));
}

void household_schemas(Components& c) {
  c.add("Household",
        object({req("id", id()), req("region_code", str()), req("building_id", nullable(id())), req("address", str()),
                req("room", str()), req("housing_type", enumeration(kHousingTypes)), req("landlord_id", nullable(id())),
                req("head_id", nullable(id())), req("version", integer(1)), req("created_at", date_time()),
                req("updated_at", date_time())}));
  c.add("HouseholdListItem",
        all_of({ref("Household"), object({req("members", describe(integer(0), "how many members it has now"))})}));
  c.add("HouseholdMember", object({req("membership_id", id()), req("relation", enumeration(kRelations)),
                                   req("moved_in_on", date()), req("person", ref("Person"))}));
  c.add("HouseholdFormerMember",
        all_of({ref("HouseholdMember"), object({req("moved_out_on", date()), req("out_reason", str())})}));
  c.add("HouseholdFile",
        all_of({ref("Household"),
                object({req("members", array(ref("HouseholdMember"))),
                        req("former_members", array(ref("HouseholdFormerMember"))),
                        req("tags", describe(map_of(integer(1)), "tag code -> how many current members carry it")),
                        opt("building", object({req("id", id()), req("name", str()), req("address", str()),
                                                req("region_code", str())})),
                        opt("landlord", describe(ref("Person"), "when the reader may read the landlord"))})}));
  c.add("HouseholdMoveOut", object({req("household_id", id()), req("person_id", id()), req("moved_out_on", date())}));
}

void place_schemas(Components& c) {
  c.add("Building",
        object({req("id", id()), req("region_code", str()), req("name", str()), req("address", str()),
                req("floors", nullable(integer(1))), req("lat", nullable(number())), req("lng", nullable(number())),
                req("households", describe(integer(0), "how many households are in it")), req("version", integer(1))}));
  c.add("BuildingCreated", object({req("id", id()), req("region_code", str()), req("name", str()),
                                   req("address", str()), req("version", integer(1))}));
  c.add("Business", object({req("id", id()), req("name", str()), req("licence_no", nullable(str())), req("kind", str()),
                            req("owner_id", nullable(id())), req("region_code", str()),
                            req("building_id", nullable(id())), req("address", str()), req("version", integer(1))}));
  c.add("BusinessCreated", object({req("id", id()), req("name", str()), req("region_code", str())}));
}

void visit_schemas(Components& c) {
  c.add("Visit", object({req("id", id()), req("household_id", id()), req("region_code", str()),
                         req("status", enumeration({"planned", "done", "cancelled"})),
                         req("planned_on", nullable(date())), req("visited_at", nullable(date_time())),
                         req("visitor_id", nullable(id())), req("visitor_name", str()), req("purpose", str()),
                         req("findings", str()), req("photos", describe(array(str()), "attachment hashes")),
                         req("lat", nullable(number())), req("lng", nullable(number())),
                         req("event_id", describe(nullable(id()), "the event raised from the visit")),
                         req("version", integer(1))}));
  c.add("VisitWorklistItem",
        all_of({ref("Household"),
                object({req("last_visited_at", describe(nullable(date_time()), "null: never visited"))})}));
  value share = describe(number(), "visited / households (0 without households)");
  c.add("VisitCoverage",
        object({req("region", object({req("code", str()), req("name", str())})), req("from", date_time()),
                req("to", date_time()), req("households", integer(0)), req("visited", integer(0)), req("rate", share),
                req("grids", array(object({req("code", str()), req("name", str()), req("households", integer(0)),
                                           req("visited", integer(0)), req("rate", share)})))}));
}

void import_schemas(Components& c) {
  value count = integer(0);
  c.add("ImportJob",
        object({req("id", id()), req("kind", enumeration({"persons", "households", "buildings", "businesses"})),
                req("status", enumeration({"queued", "checking", "applying", "rejected", "checked", "done", "failed"})),
                req("dry_run", boolean()), req("filename", str()),
                req("encoding", enumeration({"utf-8", "gbk", "xlsx"})), req("rows", count), req("rows_done", count),
                req("inserted", count), req("updated", count), req("unchanged", count), req("error_count", count),
                req("message", str()), req("created_at", date_time()), req("finished_at", nullable(date_time()))}));
  c.add("ImportRowError",
        object({req("line", integer(0)), req("column", str()), req("message_en", str()), req("message_zh", str())}));
  c.add("ImportJobDetail",
        all_of({ref("ImportJob"),
                object({req("errors", describe(array(ref("ImportRowError"), 100), "the first 100 row errors"))})}));
}

}  // namespace

void register_schemas(Components& c) {
  person_schemas(c);
  household_schemas(c);
  place_schemas(c);
  visit_schemas(c);
  import_schemas(c);
}

value tag_codes() {
  return codes_of(kTagKinds);
}

value number_between(double lo, double hi) {
  value n = number();
  n.as_object()["minimum"] = lo;
  n.as_object()["maximum"] = hi;
  return n;
}

}  // namespace wangge::registry
