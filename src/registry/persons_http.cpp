// The person routes: each parses its request, calls a use case (persons.cpp), renders.
#include "core/error.h"
#include "registry/id_number.h"
#include "registry/persons.h"
#include "registry/service.h"
#include "territory/service.h"

namespace wangge::registry {
namespace {

// A value of `body` that may be absent, null (clear) or set, parsed by `parse` when set.
template <typename F>
Change<std::string> change(const json::object& body, const char* key, F parse) {
  Change<std::string> c;
  c.sent = body.contains(key);
  if (c.sent && !body.at(key).is_null()) c.value = parse();
  return c;
}

// The personal fields of a body, in their column's form (all of them when creating, those
// sent when correcting); what they say is checked by check_person.
PersonInput person_input(const Service& svc, const json::object& body, bool creating) {
  PersonInput in;
  if (creating || body.contains("name")) in.name = json::get_string(body, "name", 50);
  in.gender = json::opt_string(body, "gender", 8);
  if (body.contains("birth_date")) in.birth_date = svc.date_field(body, "birth_date", "");
  if (in.gender && *in.gender != "male" && *in.gender != "female")
    throw_validation("gender", "male or female", "应为 male 或 female");
  in.id_number = change(body, "id_number", [&] { return *json::opt_string(body, "id_number", 18, 15); });
  in.phone = change(body, "phone", [&] { return *json::opt_string(body, "phone", 20); });
  if (creating || body.contains("residence_type"))
    in.residence_type = json::one_of(body, "residence_type", kResidenceTypes, "registered");
  // Residence permit dates are read as dates where the person may be floating; elsewhere
  // only their presence counts (check_person refuses them).
  bool may_float = in.residence_type ? *in.residence_type == "floating" : !creating;
  auto date = [&](const char* key, bool future_ok) {
    return change(body, key, [&] { return may_float ? svc.date_field(body, key, "", future_ok) : std::string(); });
  };
  in.floating_registered_on = date("floating_registered_on", false);
  in.floating_expires_on = date("floating_expires_on", true);
  in.note = json::opt_string(body, "note", 500, 0);
  return in;
}

std::int64_t required_version(const json::object& body) {
  auto v = json::opt_int(body, "version");
  if (!v) throw Error("precondition_required", "version", "send the version you edit", "请提供所编辑的版本号");
  return *v;
}

json::value opt_text(const std::optional<std::string>& v) {
  return v ? json::value(*v) : json::value(nullptr);
}

// The body person_input reads, with what registering adds (a household with relation and
// moved_in_on, or a place) or correcting needs (the version edited).
schema::value person_body(bool creating) {
  using namespace schema;
  std::vector<Field> fields = {
      creating ? req("name", str(50)) : opt("name", str(50, 1)),
      // A number on file is corrected, never removed (null is not a correction).
      opt("id_number", describe(creating ? nullable(str(18, 15)) : str(18, 15), "gender and birth date come from it")),
      opt("gender", enumeration({"male", "female"})), opt("birth_date", date()),
      opt("phone", describe(nullable(str(20)), "a mobile or a landline with area code; null clears it")),
      opt("residence_type", enumeration(kResidenceTypes)),
      opt("floating_registered_on", describe(nullable(date()), "floating residents only")),
      opt("floating_expires_on", describe(nullable(date()), "floating residents only")), opt("note", str(500))};
  std::vector<Field> more;
  if (creating) {
    more = {opt("household_id", describe(id(), "into this household (else at region_code)")),
            opt("relation", describe(enumeration(kRelations), "to the household's head (default other)")),
            opt("moved_in_on", describe(date(), "default today")),
            opt("region_code", describe(str(24), "a community, grid or unit; required without household_id"))};
  } else {
    more = {req("version", integer(1))};
  }
  fields.insert(fields.end(), more.begin(), more.end());
  return object(fields, closed);
}

}  // namespace

PersonSearch person_search(Service& svc, Context& ctx) {
  const auto& req = ctx.req();
  PersonSearch s;
  auto& f = s.filter;
  f.scope_paths = ctx.user().scope("registry:person:read");
  if (auto r = req.query_param("region")) {
    f.region_path = svc.territory().path_of(*r);
    ctx.require("registry:person:read", *f.region_path);
    s.region_code = *r;
  }
  if (auto q = req.query_param("q"); q && !q->empty()) {
    std::string upper = *q;
    if (!upper.empty() && upper.back() == 'x') upper.back() = 'X';
    IdProblem ignored;
    if (parse_id_number(upper, svc.today(), &ignored)) {
      f.id_index = svc.crypto().blind_index("id_number", upper);
    } else if (valid_phone(*q)) {
      f.phone_index = svc.crypto().blind_index("phone", normalize_phone(*q));
    } else if (req.query_param("match").value_or("prefix") == "contains") {
      f.contains = *q;
    } else {
      f.name = *q;
    }
  }
  if (auto t = req.query_param("tag")) {
    if (!find_tag_kind(*t)) throw Error("invalid_query", "tag", "unknown tag " + *t, "未知标签 " + *t);
    f.tag = *t;
  }
  f.household_id = json::query_int(req, "household_id", 1, INT64_MAX);
  f.residence_type = req.query_param("residence_type");
  f.before_id = json::query_int(req, "cursor", 1, INT64_MAX);
  s.limit = static_cast<int>(json::query_int(req, "limit", 1, 200).value_or(50));
  return s;
}

void Service::register_person_routes(http::Router& router) {
  router.add("GET", "/api/v1/persons",
             {.summary = "Persons in the caller's territory (masked), newest first; exact ID or phone search",
              .tag = "registry",
              .permission = "registry:person:read",
              .query = {{"region", "under this region code"},
                        {"q", "a name's beginning (ordered by name), or an exact ID number or phone"},
                        {"match", "prefix (default) or contains: any part of the name, newest first"},
                        {"tag", "carrying this tag now"},
                        {"household_id", "members of this household now"},
                        {"residence_type", "registered, permanent or floating"},
                        {"cursor", "next_cursor of the previous page"},
                        {"limit", "1-200, default 50"}},
              .response = schema::page_of(schema::ref("Person"))},
             [this](Context& ctx) {
               auto page = search_persons(*this, ctx, person_search(*this, ctx));
               json::array items;
               for (const auto& p : page.items) items.push_back(person_json(p));
               json::value next = page.more ? json::value(std::to_string(page.items.back().id)) : json::value(nullptr);
               return json::respond(200, json::object{{"items", std::move(items)}, {"next_cursor", next}});
             });

  router.add("POST", "/api/v1/persons",
             {.summary = "Register a person, into a household or at a place",
              .tag = "registry",
              .permission = "registry:person:write",
              .request = person_body(/*creating=*/true),
              .response = schema::ref("Person"),
              .statuses = {201, 403, 404, 409, 422}},
             [this](Context& ctx) {
               auto body = json::parse_body(ctx.req());
               json::allow_only(body, {"name", "id_number", "gender", "birth_date", "phone", "residence_type",
                                       "floating_registered_on", "floating_expires_on", "note", "household_id",
                                       "relation", "moved_in_on", "region_code"});
               NewPerson in;
               in.input = person_input(*this, body, true);
               in.household_id = json::opt_int(body, "household_id");
               in.relation = in.household_id ? json::one_of(body, "relation", kRelations, "other") : "";
               in.moved_in_on = date_field(body, "moved_in_on", today());
               if (!in.household_id) in.region_code = json::get_string(body, "region_code", 24);
               return json::respond(201, person_json(register_person(*this, ctx, in)));
             });

  router.add("GET", "/api/v1/persons/{id}",
             {.summary = "A person (masked) with current tags and tag history; the read is audited",
              .tag = "registry",
              .permission = "registry:person:read",
              .response = schema::ref("PersonDetail"),
              .statuses = {200, 403, 404}},
             [this](Context& ctx) {
               auto file = read_person(*this, ctx, json::path_id(ctx.req(), "id"));
               json::object out = person_json(file.person);
               json::array hist;
               for (const auto& t : file.history) {
                 hist.push_back(json::object{
                     {"id", t.id}, {"tag", t.tag}, {"since", t.since}, {"until", opt_text(t.until)}, {"note", t.note}});
               }
               out["tag_history"] = std::move(hist);
               return json::respond(200, out);
             });

  router.add("PATCH", "/api/v1/persons/{id}",
             {.summary = "Correct a person's details (moves go through households)",
              .tag = "registry",
              .permission = "registry:person:write",
              .request = person_body(/*creating=*/false),
              .response = schema::ref("Person"),
              .statuses = {200, 403, 404, 409, 422, 428}},
             [this](Context& ctx) {
               auto body = json::parse_body(ctx.req());
               json::allow_only(body, {"name", "id_number", "gender", "birth_date", "phone", "residence_type",
                                       "floating_registered_on", "floating_expires_on", "note", "version"});
               std::int64_t id = json::path_id(ctx.req(), "id");
               std::int64_t version = required_version(body);
               PersonInput in = person_input(*this, body, false);
               json::array fields;
               for (const auto& kv : body) {
                 if (kv.key() != "version") fields.push_back(json::value(kv.key()));
               }
               return json::respond(200, person_json(correct_person(*this, ctx, id, version, in, std::move(fields))));
             });

  router.add(
      "POST", "/api/v1/persons/{id}/unmask",
      {.summary = "A person's full ID number and phone, for a stated reason (audited)",
       .tag = "registry",
       .permission = "registry:person:unmask",
       .request = schema::object({schema::req("reason", schema::str(200, 2))}, schema::closed),
       .response = schema::ref("PersonUnmasked"),
       .statuses = {200, 403, 404, 422}},
      [this](Context& ctx) {
        auto body = json::parse_body(ctx.req());
        json::allow_only(body, {"reason"});
        std::string reason = json::get_string(body, "reason", 200, 2);
        std::int64_t id = json::path_id(ctx.req(), "id");
        auto plain = unmask_person(*this, ctx, id, reason);
        return json::respond(
            200, json::object{{"id", id}, {"id_number", opt_text(plain.id_number)}, {"phone", opt_text(plain.phone)}});
      });
}

}  // namespace wangge::registry
