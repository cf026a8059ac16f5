// The ledgers as .xlsx sheets: units (with their contacts, phones masked, and the whistles
// of the period that summoned them), needs and projects of a subtree and period. Rows are
// read a thousand at a time.
#include "cobuild/service.h"
#include "cobuild/store.h"
#include "core/xlsx.h"

namespace wangge::cobuild {
namespace {

constexpr int kExportPage = 1000;

xlsx::Column export_col(bool zh, const char* z, const char* e, double width, bool text = false) {
  return xlsx::Column{zh ? z : e, width, text};
}

std::string export_label(bool zh, const std::string& value) {
  return zh ? std::string(label_zh(value)) : value;
}

xlsx::Cell export_opt(const std::optional<std::string>& v) {
  return v ? xlsx::Cell(*v) : xlsx::Cell();
}

}  // namespace

void Service::export_units(storage::Tx& tx, xlsx::Writer& w, const std::string& path, std::int64_t from,
                           std::int64_t until, bool zh) const {
  w.sheet(zh ? "共建单位" : "units",
          {export_col(zh, "编号", "id", 8), export_col(zh, "单位名称", "name", 24), export_col(zh, "类型", "kind", 10),
           export_col(zh, "结对区域", "region", 14, true), export_col(zh, "统一社会信用代码", "credit code", 22, true),
           export_col(zh, "党建联盟", "alliance", 8), export_col(zh, "入盟日期", "joined", 12),
           export_col(zh, "包街/包片", "area", 20), export_col(zh, "地址", "address", 24),
           export_col(zh, "状态", "status", 8), export_col(zh, "退出日期", "left", 12),
           export_col(zh, "退出原因", "reason", 16), export_col(zh, "联络人", "contacts", 36),
           export_col(zh, "吹哨次数", "summoned", 8), export_col(zh, "报到次数", "reported", 8),
           export_col(zh, "迟到次数", "late", 8)});
  std::map<std::int64_t, ReportInFigures> report_ins;
  if (report_ins_of_) report_ins = report_ins_of_(tx, path, from, until);
  store::UnitFilter f;
  f.where.within = {path};
  f.where.limit = kExportPage;
  for (;;) {
    auto page = store::units(tx, f);
    std::vector<std::int64_t> ids;
    for (const auto& u : page) ids.push_back(u.id);
    auto contacts = store::active_contacts(tx, ids);
    for (const auto& u : page) {
      std::string people;
      for (const auto& c : contacts[u.id]) {
        if (!people.empty()) people += zh ? "；" : "; ";
        people += c.name;
        if (!c.post.empty()) people += zh ? "（" + c.post + "）" : " (" + c.post + ")";
        if (!c.phone_masked.empty()) people += " " + c.phone_masked;
      }
      auto r = report_ins.count(u.id) ? report_ins[u.id] : ReportInFigures{};
      w.row({u.id, u.name, export_label(zh, u.kind), u.region_code, u.credit_code,
             u.alliance ? std::string("✓") : std::string(), export_opt(u.joined_on), u.area, u.address,
             export_label(zh, u.status), export_opt(u.left_on), u.left_reason, people, r.summoned, r.reported, r.late});
    }
    if (page.size() < static_cast<std::size_t>(kExportPage)) break;
    f.where.before_id = page.back().id;
  }
}

void Service::export_needs(storage::Tx& tx, xlsx::Writer& w, const std::string& path, std::int64_t from,
                           std::int64_t until, bool zh) const {
  w.sheet(
      zh ? "需求清单" : "needs",
      {export_col(zh, "编号", "id", 8), export_col(zh, "需求", "title", 30), export_col(zh, "区域", "region", 16, true),
       export_col(zh, "来源", "source", 10), export_col(zh, "来源编号", "source id", 10),
       export_col(zh, "状态", "status", 8), export_col(zh, "登记人", "collected by", 12),
       export_col(zh, "登记时间", "collected", 18), export_col(zh, "对接资源", "resource", 20),
       export_col(zh, "对接项目", "project", 20), export_col(zh, "对接时间", "matched", 18),
       export_col(zh, "满足情况", "met", 30), export_col(zh, "关闭原因", "closed", 20)});
  store::NeedFilter f;
  f.where.within = {path};
  f.where.limit = kExportPage;
  f.created_from = from;
  f.created_to = until;
  for (;;) {
    auto page = store::needs(tx, f);
    std::vector<std::int64_t> ids;
    for (const auto& n : page) ids.push_back(n.collected_by);
    auto who = names(tx, ids);
    for (const auto& n : page)
      w.row({n.id, n.title, n.region_code, export_label(zh, n.source),
             n.source_id ? xlsx::Cell(*n.source_id) : xlsx::Cell(), export_label(zh, n.status), who[n.collected_by],
             calendar_.format_time(n.collected_at), n.resource_title, n.project_title,
             n.matched_at ? xlsx::Cell(calendar_.format_time(*n.matched_at)) : xlsx::Cell(), n.met_note,
             n.closed_reason});
    if (page.size() < static_cast<std::size_t>(kExportPage)) break;
    f.where.before_id = page.back().id;
  }
}

void Service::export_projects(storage::Tx& tx, xlsx::Writer& w, const std::string& path, std::int64_t from,
                              std::int64_t until, bool zh) const {
  w.sheet(zh ? "项目清单" : "projects",
          {export_col(zh, "编号", "id", 8), export_col(zh, "项目", "title", 30),
           export_col(zh, "区域", "region", 16, true), export_col(zh, "负责方", "owner", 18),
           export_col(zh, "参与单位", "units", 30), export_col(zh, "预算（元）", "budget (yuan)", 14),
           export_col(zh, "已支出（元）", "spent (yuan)", 14), export_col(zh, "进度%", "progress %", 8),
           export_col(zh, "状态", "status", 8), export_col(zh, "计划完成", "due", 12),
           export_col(zh, "开工日期", "started", 12), export_col(zh, "完成日期", "done", 12),
           export_col(zh, "对接需求", "needs", 8), export_col(zh, "取消原因", "cancelled", 16)});
  store::ProjectFilter f;
  f.where.within = {path};
  f.where.limit = kExportPage;
  f.created_from = from;
  f.created_to = until;
  for (;;) {
    auto page = store::projects(tx, f);
    for (const auto& p : page) {
      std::string units;
      for (const auto& x : p.units) {
        if (!units.empty()) units += zh ? "、" : ", ";
        units += x.unit_name + (zh ? "（" + std::string(label_zh(x.role)) + "）" : " (" + x.role + ")");
      }
      w.row({p.id, p.title, p.region_code, p.owner_name, units, static_cast<double>(p.budget_cents) / 100.0,
             static_cast<double>(p.spent_cents) / 100.0, std::int64_t{p.progress}, export_label(zh, p.status),
             export_opt(p.due_on), export_opt(p.started_on), export_opt(p.done_on), p.needs, p.cancel_reason});
    }
    if (page.size() < static_cast<std::size_t>(kExportPage)) break;
    f.where.before_id = page.back().id;
  }
}

}  // namespace wangge::cobuild
