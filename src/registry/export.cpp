// Exports of the registry's ledgers to .xlsx: persons, households, buildings, businesses and
// visits, within the caller's scope (or one node of it), in place order. ID numbers and
// phones are masked unless the caller has registry:person:unmask on every exported node and
// gives a reason; each export is audited (what, where, how many rows, unmasked or not).
// Headers are in the reader's language; the persons sheet uses the CSV import's column
// names and words, so an unmasked sheet saved as CSV imports back.
#include "registry/export.h"

#include <algorithm>

#include "audit/audit.h"
#include "core/error.h"
#include "core/xlsx.h"
#include "registry/service.h"
#include "registry/store.h"
#include "territory/service.h"

namespace wangge::registry {
namespace {

constexpr int kPage = 2000;

struct Header {
  const char* zh;
  const char* en;
  double width;
};

std::vector<xlsx::Column> columns(std::initializer_list<Header> headers, bool zh) {
  std::vector<xlsx::Column> out;
  for (const auto& h : headers) out.push_back({zh ? h.zh : h.en, h.width});
  return out;
}

std::string cell(const std::optional<std::string>& v) {
  return v.value_or("");
}
xlsx::Cell cell(const std::optional<std::int64_t>& v) {
  return v ? xlsx::Cell(*v) : xlsx::Cell();
}
xlsx::Cell cell(const std::optional<double>& v) {
  return v ? xlsx::Cell(*v) : xlsx::Cell();
}

// What a ledger's sheet is written with.
struct Sheet {
  Service& svc;
  const Context& ctx;
  const ExportRequest& req;
  xlsx::Writer& w;
  storage::Tx& tx;
  territory::NameCache& names;
};

// Reads every page of one ledger under each of the request's paths: fetch(tx, path, after,
// limit) answers rows whose `record` member (the person, household, ...) gives the cursor;
// write(row) puts a row in the sheet.
template <typename Row, typename Record, typename Fetch, typename Write>
void each_row(Sheet& s, Fetch fetch, Record Row::*record, Write write) {
  for (const auto& path : s.req.paths) {
    store::PathCursor after;
    for (;;) {
      std::vector<Row> rows = fetch(s.tx, path, after, kPage);
      for (const auto& r : rows) write(r);
      if (static_cast<int>(rows.size()) < kPage) break;
      const Record& last = rows.back().*record;
      after = store::PathCursor{last.region_path, last.id};
    }
  }
}

void persons_sheet(Sheet& s) {
  const bool zh = s.req.zh;
  auto& w = s.w;
  auto& names = s.names;
  w.sheet(zh ? "人员" : "persons", columns({{"姓名", "name", 10},
                                            {"身份证号", "id_number", 21},
                                            {"性别", "gender", 6},
                                            {"出生日期", "birth_date", 11},
                                            {"手机", "phone", 14},
                                            {"人口类型", "residence_type", 10},
                                            {"网格编码", "region_code", 17},
                                            {"网格", "region", 14},
                                            {"地址", "address", 28},
                                            {"房号", "room", 8},
                                            {"住房类型", "housing_type", 10},
                                            {"与户主关系", "relation", 10},
                                            {"入住日期", "moved_in_on", 11},
                                            {"标签", "tags", 24},
                                            {"居住证登记日期", "floating_registered_on", 14},
                                            {"居住证到期日期", "floating_expires_on", 14},
                                            {"备注", "note", 20}},
                                           zh));
  auto open = [&](const std::optional<std::string>& sealed, const std::string& masked) {
    if (!s.req.unmask || !sealed) return masked;
    auto plain = s.svc.crypto().open(*sealed);
    if (!plain)
      throw Error("internal", "", "a sealed value did not open under the data key", "加密数据无法用当前密钥解开");
    return *plain;
  };
  auto write = [&](const store::PersonRow& r) {
    const Person& p = r.person;
    std::string tags;
    for (const auto& t : p.tags) {
      const TagKind* k = find_tag_kind(t.tag);
      if (!tags.empty()) tags += zh ? "、" : ", ";
      tags += k ? std::string(zh ? k->name_zh : k->name_en) : t.tag;
    }
    w.row({p.name, open(p.id_sealed, p.id_masked), std::string(label(p.gender, zh)), p.birth_date,
           open(p.phone_sealed, p.phone_masked), std::string(label(p.residence_type, zh)), p.region_code,
           names(p.region_code), r.address, r.room, std::string(label(r.housing_type, zh)),
           std::string(label(r.relation, zh)), r.moved_in_on, tags, cell(p.floating_registered_on),
           cell(p.floating_expires_on), p.note});
  };
  if (!s.req.persons) {
    each_row(s, store::export_persons, &store::PersonRow::person, write);
    return;
  }
  // What the list shows under its filter, every page of it.
  store::PersonFilter f = *s.req.persons;
  f.limit = kPage;
  for (;;) {
    auto page = store::persons(s.tx, f);
    std::vector<std::int64_t> ids;
    ids.reserve(page.size());
    for (const auto& p : page) ids.push_back(p.id);
    for (const auto& r : store::export_persons_by_id(s.tx, ids)) write(r);
    if (static_cast<int>(page.size()) < kPage) break;
    f.before_id = page.back().id;
  }
}

void households_sheet(Sheet& s) {
  const bool zh = s.req.zh;
  auto& w = s.w;
  auto& names = s.names;
  w.sheet(zh ? "住户" : "households", columns({{"户编号", "household_id", 10},
                                               {"网格编码", "region_code", 17},
                                               {"网格", "region", 14},
                                               {"楼栋", "building", 12},
                                               {"地址", "address", 28},
                                               {"房号", "room", 8},
                                               {"住房类型", "housing_type", 10},
                                               {"户主", "head", 10},
                                               {"房东", "landlord", 10},
                                               {"现有人数", "members", 9},
                                               {"最近走访", "last_visited_at", 17}},
                                              zh));
  each_row(s, store::export_households, &store::HouseholdRow::household, [&](const store::HouseholdRow& r) {
    const Household& h = r.household;
    // A name the caller may not read stays out (as in the household file).
    auto person = [&](const std::string& n, const std::string& path) {
      return !n.empty() && s.ctx.user().can("registry:person:read", path) ? n : std::string();
    };
    w.row({h.id, h.region_code, names(h.region_code), r.building, h.address, h.room,
           std::string(label(h.housing_type, zh)), person(r.head, r.head_path), person(r.landlord, r.landlord_path),
           r.members, r.last_visited_at ? s.svc.calendar().format_time(*r.last_visited_at) : std::string()});
  });
}

void buildings_sheet(Sheet& s) {
  const bool zh = s.req.zh;
  auto& w = s.w;
  auto& names = s.names;
  w.sheet(zh ? "楼栋" : "buildings", columns({{"楼栋编号", "building_id", 10},
                                              {"网格编码", "region_code", 17},
                                              {"网格", "region", 14},
                                              {"名称", "name", 16},
                                              {"地址", "address", 28},
                                              {"层数", "floors", 6},
                                              {"住户数", "households", 8},
                                              {"纬度", "lat", 10},
                                              {"经度", "lng", 10}},
                                             zh));
  each_row(s, store::export_buildings, &store::BuildingRow::building, [&](const store::BuildingRow& r) {
    const Building& b = r.building;
    w.row({b.id, b.region_code, names(b.region_code), b.name, b.address, cell(b.floors), r.households, cell(b.lat),
           cell(b.lng)});
  });
}

void businesses_sheet(Sheet& s) {
  const bool zh = s.req.zh;
  auto& w = s.w;
  auto& names = s.names;
  w.sheet(zh ? "商业网点" : "businesses", columns({{"名称", "name", 20},
                                                   {"统一社会信用代码", "licence_no", 21},
                                                   {"类别", "kind", 10},
                                                   {"经营者", "owner", 10},
                                                   {"网格编码", "region_code", 17},
                                                   {"网格", "region", 14},
                                                   {"楼栋", "building", 12},
                                                   {"地址", "address", 28}},
                                                  zh));
  each_row(s, store::export_businesses, &store::BusinessRow::business, [&](const store::BusinessRow& r) {
    const Business& b = r.business;
    std::string owner =
        !r.owner.empty() && s.ctx.user().can("registry:person:read", r.owner_path) ? r.owner : std::string();
    w.row({b.name, cell(b.licence_no), b.kind, owner, b.region_code, names(b.region_code), r.building, b.address});
  });
}

void visits_sheet(Sheet& s) {
  const bool zh = s.req.zh;
  auto& w = s.w;
  auto& names = s.names;
  w.sheet(zh ? "走访" : "visits", columns({{"走访编号", "visit_id", 10},
                                           {"网格编码", "region_code", 17},
                                           {"网格", "region", 14},
                                           {"地址", "address", 28},
                                           {"房号", "room", 8},
                                           {"状态", "status", 8},
                                           {"计划日期", "planned_on", 11},
                                           {"走访时间", "visited_at", 17},
                                           {"走访人", "visitor", 10},
                                           {"事由", "purpose", 20},
                                           {"发现情况", "findings", 36},
                                           {"上报事件", "event_id", 10}},
                                          zh));
  each_row(s, store::export_visits, &store::VisitRow::visit, [&](const store::VisitRow& r) {
    const Visit& v = r.visit;
    w.row({v.id, v.region_code, names(v.region_code), r.address, r.room, std::string(label(v.status, zh)),
           cell(v.planned_on), v.visited_at ? s.svc.calendar().format_time(*v.visited_at) : std::string(),
           v.visitor_name, v.purpose, v.findings, cell(v.event_id)});
  });
}

}  // namespace

http::Response export_ledger(Service& svc, const Context& ctx, const ExportRequest& req) {
  std::int64_t rows = 0;
  territory::NameCache names(svc.territory());
  std::string day = svc.today();
  day.erase(std::remove(day.begin(), day.end(), '-'), day.end());
  const std::string& name = req.ledger;
  auto response =
      xlsx::attachment(svc.export_dir(), name + "-" + req.where + "-" + day + ".xlsx", [&](xlsx::Writer& w) {
        svc.db().read([&](storage::Tx& tx) {
          Sheet s{svc, ctx, req, w, tx, names};
          if (name == "persons") {
            persons_sheet(s);
          } else if (name == "households") {
            households_sheet(s);
          } else if (name == "buildings") {
            buildings_sheet(s);
          } else if (name == "businesses") {
            businesses_sheet(s);
          } else {
            visits_sheet(s);
          }
        });
        rows = w.rows();
      });
  // Recorded before the file leaves: who took which ledger of where, and why if unmasked.
  svc.db().write([&](storage::Tx& tx) {
    json::object what{{"node", req.where}, {"rows", rows}, {"unmasked", req.unmask}};
    if (req.unmask) what["reason"] = req.reason;
    if (req.persons) {  // what kind of filter, never its value (an ID number or a phone is personal)
      const auto& f = *req.persons;
      if (f.tag) what["tag"] = *f.tag;
      if (f.residence_type) what["residence_type"] = *f.residence_type;
      if (f.id_index) what["by"] = "id_number";
      if (f.phone_index) what["by"] = "phone";
      if (f.name || f.contains) what["by"] = "name";
    }
    audit::append(tx, audit::entry(ctx, "registry:" + name + ":export", name, what));
  });
  return response;
}

}  // namespace wangge::registry
