// The demo's dispute ledger (Service::load_demo): disputes found over the past year in the
// town's grids, a mix of types like a town's (neighbours and families first, land and
// labour the riskiest), parties from the registry, and their course through the module's
// own use cases: recorded by whoever covers the grid, risk changed with a reason, mediated
// in sessions by the town's mediator (continue, agreement, failure), referred, followed up.
// Older disputes are mostly closed, recent ones still open or in mediation; no date lies
// after today.
#include <spdlog/spdlog.h>

#include <algorithm>
#include <array>
#include <random>

#include "core/crypto.h"
#include "disputes/service.h"
#include "disputes/store.h"
#include "territory/service.h"

namespace wangge::disputes {
namespace {

// A type's share of the ledger, what it is about and what settles it.
struct TypeSpec {
  const char* type;
  int weight;
  int high_risk;  // percent
  std::array<const char*, 3> titles;
  const char* cause;      // "{a}与{b}因<cause>发生纠纷"
  const char* agreement;  // the terms
};
constexpr TypeSpec kTypeSpecs[] = {
    {"neighbour",
     30,
     5,
     {"楼上漏水引发邻里纠纷", "噪音扰民邻里纠纷", "公共通道堆放杂物纠纷"},
     "楼上住户卫生间漏水、噪音及楼道杂物等问题",
     "被申请人负责修复漏水并承担维修费用，双方今后相互体谅、和睦相处。"},
    {"family",
     15,
     5,
     {"赡养老人费用分担纠纷", "兄弟分家析产纠纷", "老人房产继承纠纷"},
     "赡养费用分担及家庭财产分配",
     "兄弟姐妹按月分担老人生活费，轮流照料，老人住房维持现状。"},
    {"marriage",
     8,
     10,
     {"离婚后子女抚养费纠纷", "夫妻感情纠纷", "彩礼返还纠纷"},
     "子女抚养费支付及婚姻家庭矛盾",
     "男方每月按时支付子女抚养费，双方保障对方探视权利。"},
    {"property",
     12,
     5,
     {"物业费收取纠纷", "小区停车位纠纷", "电梯维修费用分摊纠纷"},
     "物业服务收费及公共设施使用",
     "物业公司限期整改服务问题，业主补缴物业费，双方建立定期沟通机制。"},
    {"labour",
     8,
     35,
     {"拖欠工资纠纷", "工伤赔偿纠纷", "解除劳动关系补偿纠纷"},
     "工资拖欠及劳动关系解除补偿",
     "用人单位于十五日内一次性支付拖欠工资及经济补偿，劳动者不再另行主张。"},
    {"land",
     6,
     40,
     {"宅基地边界纠纷", "承包地界纠纷", "自留地使用权纠纷"},
     "宅基地和承包地边界划分",
     "以村委会存档的测量图为准重新确定界址，双方共同设立界桩。"},
    {"contract",
     6,
     5,
     {"房屋租赁押金纠纷", "装修合同纠纷", "买卖合同货款纠纷"},
     "合同履行及押金、货款返还",
     "被申请人于十日内退还押金（货款），双方合同关系解除。"},
    {"damages",
     10,
     10,
     {"电动车碰撞赔偿纠纷", "宠物咬伤赔偿纠纷", "高空坠物损害赔偿纠纷"},
     "人身及财产损害赔偿",
     "被申请人一次性赔偿医疗费、误工费等损失，双方就此了结。"},
    {"other",
     5,
     5,
     {"装修施工扰民纠纷", "商铺占道经营纠纷", "排水沟堵塞纠纷"},
     "施工、占道和排水等问题",
     "双方约定整改期限，社区网格员跟进监督落实。"},
};
constexpr std::array<const char*, 4> kCompanies = {"珠海市平沙鑫达五金制品有限公司", "珠海市金湾区宏盛建材经营部",
                                                   "珠海平沙恒通物流有限公司", "珠海市平沙美佳服装厂"};
constexpr std::array<const char*, 8> kSurnames = {"陈", "黄", "李", "梁", "张", "林", "吴", "何"};
constexpr std::array<const char*, 8> kGiven = {"志强", "秀兰", "国平", "美华", "建新", "丽萍", "海东", "少玲"};

// The grids under `root`, in code order.
std::vector<territory::Region> dispute_grids(territory::Service& territory, const std::string& root) {
  std::vector<territory::Region> grids;
  std::vector<std::string> pending{root};
  while (!pending.empty()) {
    std::string code = std::move(pending.back());
    pending.pop_back();
    for (auto& k : territory.children(code, "", 1000, false)) {
      if (k.level == "grid") {
        grids.push_back(k);
      } else if (k.level != "unit") {
        pending.push_back(k.code);
      }
    }
  }
  std::sort(grids.begin(), grids.end(), [](const auto& a, const auto& b) { return a.code < b.code; });
  return grids;
}

class LedgerMaker {
 public:
  LedgerMaker(Service& svc, const Service::DemoActors& actors, const Crypto& crypto, std::uint64_t seed, Day today)
      : svc_(svc), actors_(actors), crypto_(crypto), rng_(seed), today_(today) {}
  // Dispute number i of n in `grid`: found on the day given, then its course.
  bool make(const territory::Region& grid, Day found);

 private:
  int below(int n) { return static_cast<int>(rng_() % static_cast<std::uint64_t>(n)); }
  bool chance(int percent) { return below(100) < percent; }
  const TypeSpec& pick_type();
  std::vector<Party> parties(const Context& recorder, const territory::Region& grid, const TypeSpec& t);
  // The course after recording: risk change, sessions, closing, follow-ups.
  void follow(Dispute d, const TypeSpec& t, Day found);
  Day after(Day from, int lo, int hi) { return std::min(today_, from + lo + below(hi - lo + 1)); }

  Service& svc_;
  const Service::DemoActors& actors_;
  const Crypto& crypto_;
  std::mt19937_64 rng_;
  Day today_;
};

const TypeSpec& LedgerMaker::pick_type() {
  int total = 0;
  for (const auto& t : kTypeSpecs) total += t.weight;
  int x = below(total);
  for (const auto& t : kTypeSpecs) {
    if (x < t.weight) return t;
    x -= t.weight;
  }
  return kTypeSpecs[0];
}

std::vector<Party> LedgerMaker::parties(const Context& recorder, const territory::Region& grid, const TypeSpec& t) {
  std::vector<Service::DemoParty> known;
  if (actors_.parties) known = actors_.parties(recorder, grid.code);
  std::vector<Party> out;
  auto add = [&](const char* role) {
    Party p;
    p.role = role;
    if (std::string(role) == "respondent" && std::string(t.type) == "labour") {
      p.name = kCompanies[static_cast<std::size_t>(below(4))];
    } else if (!known.empty() && chance(85)) {
      auto k = static_cast<std::size_t>(below(static_cast<int>(known.size())));
      p.person_id = known[k].person_id;
      p.name = known[k].name;
      known.erase(known.begin() + static_cast<std::ptrdiff_t>(k));
    } else {
      // Someone from outside the registry, with the phone they gave.
      p.name = std::string(kSurnames[static_cast<std::size_t>(below(8))]) + kGiven[static_cast<std::size_t>(below(8))];
      std::string phone = "13" + std::to_string(100000000 + below(900000000));
      p.phone_sealed = crypto_.seal(phone);
      p.phone_masked = mask_phone(phone);
    }
    out.push_back(std::move(p));
  };
  add("applicant");
  add("respondent");
  if (std::string(t.type) == "family" && chance(50)) add("other");
  return out;
}

bool LedgerMaker::make(const territory::Region& grid, Day found) {
  const Context* recorder = nullptr;
  for (const Context* c : actors_.recorders) {
    if (c && c->authenticated() && c->user().can("disputes:dispute:write", grid.path)) {
      recorder = c;
      break;
    }
  }
  if (!recorder) return false;
  const TypeSpec& t = pick_type();
  static const std::vector<std::pair<const char*, int>> kSourceWeights = {
      {"visit", 35}, {"self", 25}, {"window", 15}, {"event", 10}, {"police", 10}, {"petition", 5}};
  Dispute d;
  d.region_code = grid.code;
  d.region_path = grid.path;
  d.type = t.type;
  d.title = t.titles[static_cast<std::size_t>(below(3))];
  d.parties = parties(*recorder, grid, t);
  d.description = d.parties[0].name + "与" + d.parties[1].name + "因" + t.cause + "发生纠纷，" + "双方多次协商未果，" +
                  d.parties[0].name + "请求社区调解。";
  d.place = grid.name;
  int r = below(100);
  d.risk = r < t.high_risk ? "high" : r < t.high_risk + 35 ? "medium" : "low";
  int x = below(100);
  for (const auto& [source, w] : kSourceWeights) {
    if (x < w) {
      d.source = source;
      break;
    }
    x -= w;
  }
  if (d.source.empty()) d.source = "visit";
  d.found_on = format_day(found);
  d = svc_.create(*recorder, std::move(d));
  follow(std::move(d), t, found);
  return true;
}

void LedgerMaker::follow(Dispute d, const TypeSpec& t, Day found) {
  const Context& mediator = *actors_.mediator;
  const int age = static_cast<int>(today_ - found);
  auto version = [&] { return json::object{{"version", d.version}}; };
  // Where it ends: older disputes mostly settled, recent ones still in mediation or open.
  int r = below(100);
  std::string end = age > 45   ? (r < 76   ? "settled"
                                  : r < 85 ? "failed"
                                  : r < 93 ? "referred"
                                  : r < 98 ? "mediating"
                                           : "open")
                    : age > 10 ? (r < 45   ? "settled"
                                  : r < 80 ? "mediating"
                                  : r < 92 ? "open"
                                  : r < 96 ? "failed"
                                           : "referred")
                               : (r < 55   ? "open"
                                  : r < 90 ? "mediating"
                                           : "settled");
  if (end == "open" && !chance(20)) return;
  // A risk re-assessed: the change is stamped now, so only on disputes still in course.
  if ((end == "open" || end == "mediating") && chance(35)) {
    json::object body = version();
    bool raise = d.risk != "high" && (d.risk == "low" || chance(60));
    body["risk"] = raise ? (d.risk == "low" ? "medium" : "high") : (d.risk == "high" ? "medium" : "low");
    body["risk_reason"] = raise ? "双方多次发生争吵，情绪激动，有激化可能" : "经初步疏导，双方情绪平稳，同意调解";
    d = svc_.correct(mediator, d.id, body);
  }
  if (end == "open") return;
  std::string names;
  for (const auto& p : d.parties) names += (names.empty() ? "" : "、") + p.name;
  Day held = after(found, 1, 6);
  int sessions = end == "settled" ? 1 + below(3) : end == "mediating" ? 1 + below(2) : 1 + below(2);
  for (int k = 0; k < sessions; ++k) {
    bool last = k == sessions - 1;
    Session s;
    s.dispute_id = d.id;
    s.held_on = format_day(held);
    s.mediator_id = mediator.actor_id();
    s.mediator_name = mediator.actor();
    s.participants = names + "、网格员";
    s.result = !last || end == "mediating" || end == "referred" ? "continue"
               : end == "settled"                               ? "agreement"
                                                                : "failed";
    s.record =
        s.result == "continue"    ? "组织双方当事人面对面调解，听取双方陈述，释法明理，双方分歧仍较大，约定再次调解。"
        : s.result == "agreement" ? "经耐心疏导、释法说理，双方互谅互让，自愿达成调解协议。"
                                  : "双方对赔偿金额分歧过大，均不愿让步，调解不成，已告知当事人通过诉讼等途径解决。";
    if (s.result == "agreement") s.agreement = t.agreement;
    json::object body = version();
    d = svc_.record_session(mediator, d.id, body, s);
    held = after(held, 3, 15);
  }
  if (end == "referred") {
    static constexpr std::array<const char*, 4> kWhere = {"court", "police", "petition_office", "arbitration"};
    std::string to = std::string(t.type) == "labour" ? "arbitration" : kWhere[static_cast<std::size_t>(below(3))];
    d = svc_.close(mediator, d.id, version(), "referred", to,
                   "经多次调解未能达成一致，依法引导当事人通过法定途径解决。", format_day(held));
  }
  if (end != "settled" || !d.closed_on) return;
  // Follow-ups (回访) on whether the agreement holds.
  for (Day on = parse_day(*d.closed_on) + 15 + below(15); on <= today_; on += 45 + below(30)) {
    Followup f;
    f.dispute_id = d.id;
    f.visited_on = format_day(on);
    f.stable = chance(92);
    f.note =
        f.stable ? "回访双方当事人，协议已按约定履行，双方关系缓和。" : "一方未完全按协议履行，已再次上门沟通督促。";
    svc_.add_followup(mediator, f);
  }
}

}  // namespace

int Service::load_demo(const DemoActors& actors, const std::string& root, int count, std::uint64_t seed) {
  if (count <= 0 || !actors.mediator || !actors.mediator->authenticated()) return 0;
  auto town = territory_.find(root, false);
  if (!town) return 0;
  bool present = db_.read_value<bool>([&](storage::Tx& tx) {
    store::Filter f;
    f.scope_paths = {town->path};
    f.limit = 1;
    return !store::list(tx, f).empty();
  });
  if (present) return 0;
  auto grids = dispute_grids(territory_, root);
  if (grids.empty()) return 0;
  const Day today = parse_day(this->today());
  LedgerMaker maker(*this, actors, crypto_, seed, today);
  std::mt19937_64 place_rng(seed + 1);
  int made = 0;
  for (int i = 0; i < count; ++i) {
    // Spread over the past year, oldest first; one in five in the first grid (the demo
    // grid worker's), the rest anywhere in the town.
    Day found = today - 365 + static_cast<Day>(i) * 365 / count;
    auto g = place_rng() % 5 == 0 ? 0 : place_rng() % grids.size();
    made += maker.make(grids[g], found) ? 1 : 0;
  }
  spdlog::info("demo disputes loaded: {} over the past year", made);
  return made;
}

}  // namespace wangge::disputes
