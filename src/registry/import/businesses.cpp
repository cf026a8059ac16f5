// Importing businesses, matched by credit code, or by place and name without one.
#include "core/auth.h"
#include "core/error.h"
#include "registry/id_number.h"
#include "registry/import/kinds.h"
#include "registry/rules.h"
#include "registry/service.h"
#include "registry/store.h"

namespace wangge::registry::import {

const std::vector<Column>& BusinessImport::columns() {
  static const std::vector<Column> kColumns = {
      {"name", {"名称", "店名", "商户名称", "企业名称", "name"}, true},
      {"licence_no", {"统一社会信用代码", "信用代码", "licence_no"}, false, Format::digits},
      {"kind", {"类别", "经营类别", "行业", "kind"}, false},
      {"region_code", {"网格编码", "区域编码", "所属网格", "region_code"}, true, Format::code},
      {"address", {"地址", "经营地址", "address"}, false},
      {"building", {"楼栋", "楼栋名称", "building"}, false},
      {"owner_id_number", {"经营者身份证号", "负责人身份证号", "owner_id_number"}, false, Format::digits},
  };
  return kColumns;
}

std::map<std::string, std::string> BusinessImport::match_paths(storage::Tx& tx, const std::vector<std::string>& keys) {
  return store::business_paths(tx, keys);
}

RowError BusinessImport::foreign(std::size_t line) {
  return {line, kKeyColumn, "a business with this credit code is registered outside your territory",
          "该统一社会信用代码的商户登记在您的管辖范围之外"};
}

std::optional<BusinessImport::Row> BusinessImport::check(Common& c, Fields& in) {
  std::size_t before = in.errors.size();
  Row r;
  r.line = in.line;
  Business& b = r.business;
  b.name = in.text("name", 100, true);
  if (std::string code = in.get("licence_no"); !code.empty()) {
    for (auto& ch : code) ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
    FieldProblems problems{in};
    check_business({code}, problems);
    b.licence_no = code;  // the row is dropped when the code is not valid
  }
  b.kind = in.text("kind", 32, false);
  b.region_code = in.get("region_code");
  auto path = c.place(in, "region_code", 12);
  if (path) b.region_path = *path;
  b.address = in.text("address", 200, false);
  b.building_id = c.building(in, "building", path);
  if (std::string owner = in.get("owner_id_number"); !owner.empty()) {
    for (auto& ch : owner) ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
    IdProblem problem;
    auto id = parse_id_number(owner, c.today, &problem);
    if (!id) {
      in.fail("owner_id_number", problem.en, problem.zh);
    } else {
      std::string index = c.svc.crypto().blind_index("id_number", id->normalized);
      std::optional<Person> p;
      c.svc.db().read([&](storage::Tx& tx) { p = store::person_by_id_index(tx, index); });
      bool readable = false;
      for (const auto& s : c.scope) readable |= p && path_within(p->region_path, s);
      if (!readable) {
        in.fail("owner_id_number", "no registered person with this ID number in your territory (import them first)",
                "您的管辖范围内未登记此身份证号码的人员（请先导入人员）");
      } else {
        b.owner_id = p->id;
      }
    }
  }
  if (in.errors.size() != before) return std::nullopt;
  return r;
}

void BusinessImport::Applier::apply(storage::Tx& tx, const Row& r, bool write) {
  std::int64_t now = storage::now_ms();
  const Business& in = r.business;
  auto found = in.licence_no ? store::business_by_licence(tx, *in.licence_no)
                             : store::business_named(tx, in.region_code, in.name);
  if (found && !within_any(found->region_path, scope)) {
    chunk_refused.push_back(foreign(r.line));
    return;
  }
  if (!found) {
    ++chunk_inserted;
    if (write) store::insert_business(tx, in, now);
    return;
  }
  Business b = *found;
  auto building = in.building_id ? in.building_id : b.building_id;
  auto owner = in.owner_id ? in.owner_id : b.owner_id;
  if (b.name == in.name && b.kind == in.kind && b.region_code == in.region_code && b.address == in.address &&
      b.building_id == building && b.owner_id == owner) {
    ++chunk_unchanged;
    return;
  }
  ++chunk_updated;
  if (!write) return;
  b.name = in.name;
  b.kind = in.kind;
  b.region_code = in.region_code;
  b.region_path = in.region_path;
  b.address = in.address;
  b.building_id = building;
  b.owner_id = owner;
  b.version += 1;
  store::update_business(tx, b, b.version - 1, now);
}

}  // namespace wangge::registry::import
