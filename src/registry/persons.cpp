// Persons: register (with an identity number checked and sealed), correct, list and search
// within scope, read (masked; audited), unmask with a reason (audited).
#include <algorithm>

#include "audit/audit.h"
#include "core/error.h"
#include "registry/id_number.h"
#include "registry/service.h"
#include "registry/store.h"
#include "territory/service.h"

namespace wangge::registry {
// Applies the personal fields of `body` to p (all of them when creating, those present
// when correcting), checking each and naming the field at fault.
void apply_person_fields(const Service& svc, const json::object& body, Person& p, bool creating) {
  if (creating || body.contains("name")) p.name = json::get_string(body, "name", 50);
  std::optional<std::string> gender = json::opt_string(body, "gender", 8);
  std::optional<std::string> birth;
  if (body.contains("birth_date")) birth = svc.date_field(body, "birth_date", "");
  if (gender && *gender != "male" && *gender != "female")
    throw_validation("gender", "male or female", "应为 male 或 female");
  if (auto id = json::opt_string(body, "id_number", 18, 15)) {
    IdProblem problem;
    auto parsed = parse_id_number(*id, svc.today(), &problem);
    if (!parsed) throw_validation("id_number", problem.en, problem.zh);
    if (gender && *gender != parsed->gender)
      throw_validation("gender", "does not match the ID number", "与身份证号码中的性别不符");
    if (birth && *birth != parsed->birth_date)
      throw_validation("birth_date", "does not match the ID number (" + parsed->birth_date + ")",
                       "与身份证号码中的出生日期（" + parsed->birth_date + "）不符");
    gender = parsed->gender;
    birth = parsed->birth_date;
    p.id_sealed = svc.crypto().seal(parsed->normalized);
    p.id_index = svc.crypto().blind_index("id_number", parsed->normalized);
    p.id_masked = mask_id_number(parsed->normalized);
  }
  // With an ID number on file, gender and birth date are the number's.
  if (!creating && !body.contains("id_number") && p.id_index) {
    if (gender && *gender != p.gender)
      throw_validation("gender", "comes from the ID number on file", "由登记的身份证号码确定");
    if (birth && *birth != p.birth_date)
      throw_validation("birth_date", "comes from the ID number on file", "由登记的身份证号码确定");
  }
  if (gender) p.gender = *gender;
  if (birth) {
    if (*birth > svc.today() || *birth < "1900-01-01")
      throw_validation("birth_date", "a past date after 1900", "应为 1900 年以后的过去日期");
    p.birth_date = *birth;
  }
  if (creating && p.gender.empty()) throw_validation("gender", "required without an ID number", "无身份证号码时必填");
  if (creating && p.birth_date.empty())
    throw_validation("birth_date", "required without an ID number", "无身份证号码时必填");
  if (body.contains("phone") && body.at("phone").is_null()) {
    p.phone_sealed.reset();
    p.phone_index.reset();
    p.phone_masked.clear();
  } else if (auto typed = json::opt_string(body, "phone", 20)) {
    if (!valid_phone(*typed))
      throw_validation("phone", "an 11-digit mobile or a landline with area code", "应为 11 位手机号或带区号的固话");
    std::string phone = normalize_phone(*typed);
    p.phone_sealed = svc.crypto().seal(phone);
    p.phone_index = svc.crypto().blind_index("phone", phone);
    p.phone_masked = mask_phone(phone);
  }
  if (creating || body.contains("residence_type"))
    p.residence_type = json::one_of(body, "residence_type", kResidenceTypes, "registered");
  if (p.residence_type == "floating") {
    // A date sent as null clears it.
    auto set = [&](const char* key, std::optional<std::string>& field, bool future_ok) {
      if (!body.contains(key)) return;
      if (body.at(key).is_null()) {
        field.reset();
      } else {
        field = svc.date_field(body, key, "", future_ok);
      }
    };
    set("floating_registered_on", p.floating_registered_on, false);
    set("floating_expires_on", p.floating_expires_on, true);
    if (p.floating_registered_on && p.floating_expires_on && *p.floating_expires_on < *p.floating_registered_on)
      throw_validation("floating_expires_on", "after the registration date", "应晚于登记日期");
  } else {
    auto present = [&](const char* key) { return body.contains(key) && !body.at(key).is_null(); };
    if (present("floating_registered_on") || present("floating_expires_on"))
      throw_validation("residence_type", "only floating residents have residence permit dates",
                       "仅流动人口有居住证登记与到期日期");
    p.floating_registered_on.reset();
    p.floating_expires_on.reset();
  }
  if (auto note = json::opt_string(body, "note", 500, 0)) p.note = *note;
}

// A duplicate identity number is refused whoever holds it.
void require_unique_id(storage::Tx& tx, const Person& p) {
  if (!p.id_index) return;
  auto other = store::person_by_id_index(tx, *p.id_index);
  if (other && other->id != p.id)
    throw Error("already_exists", "id_number", "this ID number is already registered", "该身份证号码已登记");
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
                        {"limit", "1-200, default 50"}}},
             [this](Context& ctx) {
               const auto& req = ctx.req();
               store::PersonFilter f;
               f.scope_paths = ctx.user().scope("registry:person:read");
               if (auto r = req.query_param("region")) {
                 f.region_path = territory_.path_of(*r);
                 ctx.require("registry:person:read", *f.region_path);
               }
               if (auto q = req.query_param("q"); q && !q->empty()) {
                 std::string upper = *q;
                 if (!upper.empty() && upper.back() == 'x') upper.back() = 'X';
                 IdProblem ignored;
                 if (parse_id_number(upper, today(), &ignored)) {
                   f.id_index = crypto_.blind_index("id_number", upper);
                 } else if (valid_phone(*q)) {
                   f.phone_index = crypto_.blind_index("phone", normalize_phone(*q));
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
               int limit = static_cast<int>(json::query_int(req, "limit", 1, 200).value_or(50));
               f.limit = limit + 1;
               std::vector<Person> rows;
               db_.read([&](storage::Tx& tx) {
                 rows = store::persons(tx, f);
                 if (static_cast<int>(rows.size()) > limit) rows.resize(static_cast<std::size_t>(limit) + 1);
                 store::load_tags(tx, rows);
               });
               bool more = static_cast<int>(rows.size()) > limit;
               if (more) rows.pop_back();
               json::array items;
               for (const auto& p : rows) items.push_back(person_json(p));
               // Reading personal data is recorded, masked or not: who looked for what.
               db_.write([&](storage::Tx& tx) {
                 // What kind of search, never its value (an ID number or a phone is personal).
                 json::object what{{"count", items.size()}};
                 if (f.region_path) what["region"] = *req.query_param("region");
                 if (f.tag) what["tag"] = *f.tag;
                 if (f.id_index) what["by"] = "id_number";
                 if (f.phone_index) what["by"] = "phone";
                 if (f.name || f.contains) what["by"] = "name";
                 audit::append(tx, audit::entry(ctx, "registry:person:list", "persons", what));
               });
               json::value next = more ? json::value(std::to_string(rows.back().id)) : json::value(nullptr);
               return json::respond(200, json::object{{"items", std::move(items)}, {"next_cursor", next}});
             });

  router.add(
      "POST", "/api/v1/persons",
      {.summary = "Register a person, into a household or at a place",
       .tag = "registry",
       .permission = "registry:person:write",
       .request_body = "{name, id_number?, gender?, birth_date?, phone?, residence_type, "
                       "floating_registered_on?, floating_expires_on?, note?, household_id? with relation? "
                       "and moved_in_on?, or region_code}",
       .statuses = {201, 403, 404, 409, 422}},
      [this](Context& ctx) {
        auto body = json::parse_body(ctx.req());
        json::allow_only(
            body, {"name", "id_number", "gender", "birth_date", "phone", "residence_type", "floating_registered_on",
                   "floating_expires_on", "note", "household_id", "relation", "moved_in_on", "region_code"});
        Person p;
        apply_person_fields(*this, body, p, true);
        auto household_id = json::opt_int(body, "household_id");
        std::string relation = household_id ? json::one_of(body, "relation", kRelations, "other") : "";
        std::string moved_in = date_field(body, "moved_in_on", today());
        if (!household_id) {
          p.region_code = json::get_string(body, "region_code", 24);
          p.region_path = place_path(p.region_code, "region_code");
          ctx.require("registry:person:write", p.region_path);
        }
        std::int64_t now = storage::now_ms();
        p.created_at = p.updated_at = now;
        try {
          db_.write([&](storage::Tx& tx) {
            if (household_id) {
              auto h = store::household(tx, *household_id);
              if (!h) throw_validation("household_id", "no such household", "住户不存在");
              ctx.require("registry:person:write", h->region_path);
              p.region_code = h->region_code;
              p.region_path = h->region_path;
              p.household_id = h->id;
              if (relation == "head" && h->head_id)
                throw_validation("relation", "the household already has a head", "该户已有户主");
            }
            require_unique_id(tx, p);
            p.id = store::insert_person(tx, p);
            if (household_id) {
              store::insert_membership(tx, {0, *household_id, p.id, relation, moved_in, {}, {}}, ctx.actor_id(), now);
              if (relation == "head") {
                auto h = *store::household(tx, *household_id);
                h.head_id = p.id;
                h.version += 1;
                h.updated_at = now;
                store::update_household(tx, h, h.version - 1);
              }
            }
            audit::append(tx, audit::entry(ctx, "registry:person:create", "person:" + std::to_string(p.id),
                                           {{"region", p.region_code}}));
          });
        } catch (const storage::DbError& e) {
          if (e.kind() == storage::DbError::Kind::unique)  // a race on the same number
            throw Error("already_exists", "id_number", "this ID number is already registered", "该身份证号码已登记");
          throw;
        }
        return json::respond(201, person_json(p));
      });

  router.add("GET", "/api/v1/persons/{id}",
             {.summary = "A person (masked) with current tags and tag history; the read is audited",
              .tag = "registry",
              .permission = "registry:person:read",
              .statuses = {200, 403, 404}},
             [this](Context& ctx) {
               std::int64_t id = json::path_id(ctx.req(), "id");
               std::vector<Person> one;
               std::vector<Tag> history;
               db_.read([&](storage::Tx& tx) {
                 auto p = store::person(tx, id);
                 if (!p) throw_not_found("no person " + std::to_string(id), "人员不存在");
                 ctx.require("registry:person:read", p->region_path);
                 one.push_back(std::move(*p));
                 store::load_tags(tx, one);
                 history = store::tag_history(tx, id);
               });
               db_.write([&](storage::Tx& tx) {
                 audit::append(tx, audit::entry(ctx, "registry:person:read", "person:" + std::to_string(id)));
               });
               json::object out = person_json(one[0]);
               json::array hist;
               for (const auto& t : history) {
                 hist.push_back(json::object{{"id", t.id},
                                             {"tag", t.tag},
                                             {"since", t.since},
                                             {"until", t.until ? json::value(*t.until) : json::value(nullptr)},
                                             {"note", t.note}});
               }
               out["tag_history"] = std::move(hist);
               return json::respond(200, out);
             });

  router.add("PATCH", "/api/v1/persons/{id}",
             {.summary = "Correct a person's details (moves go through households)",
              .tag = "registry",
              .permission = "registry:person:write",
              .request_body = "{name?, id_number?, gender?, birth_date?, phone?, residence_type?, "
                              "floating_registered_on?, floating_expires_on?, note?, version}",
              .statuses = {200, 403, 404, 409, 422, 428}},
             [this](Context& ctx) {
               auto body = json::parse_body(ctx.req());
               json::allow_only(body, {"name", "id_number", "gender", "birth_date", "phone", "residence_type",
                                       "floating_registered_on", "floating_expires_on", "note", "version"});
               std::int64_t id = json::path_id(ctx.req(), "id");
               auto v = json::opt_int(body, "version");
               if (!v)
                 throw Error("precondition_required", "version", "send the version you edit", "请提供所编辑的版本号");
               Person p;
               db_.write([&](storage::Tx& tx) {
                 auto found = store::person(tx, id);
                 if (!found) throw_not_found("no person " + std::to_string(id), "人员不存在");
                 ctx.require("registry:person:write", found->region_path);
                 if (*v != found->version)
                   throw Error("stale_version", "version", "the person changed meanwhile", "人员信息已被他人修改");
                 p = *found;
                 apply_person_fields(*this, body, p, false);
                 require_unique_id(tx, p);
                 p.version = found->version + 1;
                 p.updated_at = storage::now_ms();
                 if (!store::update_person(tx, p, found->version))
                   throw Error("stale_version", "version", "the person changed meanwhile", "人员信息已被他人修改");
                 json::array fields;
                 for (const auto& kv : body) {
                   if (kv.key() != "version") fields.push_back(json::value(kv.key()));
                 }
                 audit::append(tx, audit::entry(ctx, "registry:person:update", "person:" + std::to_string(id),
                                                {{"fields", std::move(fields)}}));
               });
               std::vector<Person> one{p};
               db_.read([&](storage::Tx& tx) { store::load_tags(tx, one); });
               return json::respond(200, person_json(one[0]));
             });

  router.add(
      "POST", "/api/v1/persons/{id}/unmask",
      {.summary = "A person's full ID number and phone, for a stated reason (audited)",
       .tag = "registry",
       .permission = "registry:person:unmask",
       .request_body = "{reason}",
       .statuses = {200, 403, 404, 422}},
      [this](Context& ctx) {
        auto body = json::parse_body(ctx.req());
        json::allow_only(body, {"reason"});
        std::string reason = json::get_string(body, "reason", 200, 2);
        std::int64_t id = json::path_id(ctx.req(), "id");
        std::optional<Person> p;
        db_.read([&](storage::Tx& tx) { p = store::person(tx, id); });
        if (!p) throw_not_found("no person " + std::to_string(id), "人员不存在");
        ctx.require("registry:person:unmask", p->region_path);
        auto open = [&](const std::optional<std::string>& sealed) -> json::value {
          if (!sealed) return nullptr;
          auto plain = crypto_.open(*sealed);
          if (!plain)
            throw Error("internal", "", "a sealed value did not open under the data key", "加密数据无法用当前密钥解开");
          return json::value(*plain);
        };
        json::object out{{"id", id}, {"id_number", open(p->id_sealed)}, {"phone", open(p->phone_sealed)}};
        // Recorded before the answer leaves: no audit row, no plain values.
        db_.write([&](storage::Tx& tx) {
          audit::append(
              tx, audit::entry(ctx, "registry:person:unmask", "person:" + std::to_string(id), {{"reason", reason}}));
        });
        return json::respond(200, out);
      });
}

}  // namespace wangge::registry
