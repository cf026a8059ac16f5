// Event categories (大类/小类) with their default department kind, priority, whether a
// grid worker may self-handle them, and stage deadlines. A default set for community
// governance is seeded into an empty table; administrators edit it through the API.
#include "audit/audit.h"
#include "events/step_helpers.h"

namespace wangge::events {
namespace {

struct Seed {
  const char* code;
  const char* zh;
  const char* en;
  const char* kind;      // default department kind
  const char* priority;  // normal urgent critical
  bool self_handle;
  int accept_hours, handle_days;  // handle_days for normal priority; urgent and critical shorten it
};

// clang-format off
constexpr Seed kSeeds[] = {
  {"01",   "矛盾纠纷", "Disputes", "justice", "normal", false, 2, 10},
  {"0101", "邻里纠纷", "Neighbour dispute", "justice", "normal", true, 2, 10},
  {"0102", "家庭纠纷", "Family dispute", "justice", "normal", false, 2, 10},
  {"0103", "物业纠纷", "Property management dispute", "housing", "normal", false, 2, 10},
  {"0104", "劳资纠纷", "Wage and labour dispute", "labour", "urgent", false, 2, 10},
  {"0105", "土地山林纠纷", "Land and forest dispute", "natural_resources", "normal", false, 4, 15},
  {"02",   "安全隐患", "Safety hazards", "emergency", "urgent", false, 1, 3},
  {"0201", "消防隐患", "Fire hazard", "fire", "critical", false, 1, 2},
  {"0202", "燃气隐患", "Gas hazard", "emergency", "critical", false, 1, 2},
  {"0203", "危房险情", "Unsafe building", "housing", "urgent", false, 1, 3},
  {"0204", "道路交通隐患", "Road traffic hazard", "traffic", "urgent", false, 1, 3},
  {"0205", "安全生产隐患", "Workplace safety hazard", "emergency", "urgent", false, 1, 3},
  {"03",   "环境卫生", "Environment and sanitation", "urban_management", "normal", true, 2, 3},
  {"0301", "垃圾堆放", "Piled-up rubbish", "urban_management", "normal", true, 2, 2},
  {"0302", "污水外溢", "Sewage overflow", "water", "urgent", false, 2, 2},
  {"0303", "噪声扰民", "Noise nuisance", "environment", "normal", false, 2, 3},
  {"0304", "大气污染", "Air pollution", "environment", "normal", false, 2, 5},
  {"0305", "病媒生物", "Pests (rats, mosquitoes)", "health", "normal", true, 2, 5},
  {"04",   "市容秩序", "Street order", "urban_management", "normal", true, 2, 3},
  {"0401", "占道经营", "Street vending on the road", "urban_management", "normal", true, 2, 2},
  {"0402", "违章搭建", "Illegal construction", "urban_management", "normal", false, 2, 10},
  {"0403", "乱停乱放", "Illegal parking", "traffic", "normal", true, 2, 2},
  {"0404", "违规广告", "Illegal advertising", "urban_management", "normal", true, 2, 3},
  {"05",   "公共设施", "Public facilities", "housing", "normal", false, 2, 5},
  {"0501", "道路破损", "Damaged road", "transport", "normal", false, 2, 7},
  {"0502", "路灯故障", "Street light out", "urban_management", "normal", false, 2, 3},
  {"0503", "井盖缺损", "Missing or broken manhole cover", "urban_management", "critical", false, 1, 1},
  {"0504", "供水供电", "Water or power supply", "utilities", "urgent", false, 1, 2},
  {"0505", "健身文体设施", "Sports and leisure facilities", "culture", "normal", false, 2, 7},
  {"06",   "治安", "Public security", "police", "urgent", false, 1, 3},
  {"0601", "治安隐患", "Security risk", "police", "urgent", false, 1, 3},
  {"0602", "可疑人员", "Suspicious person", "police", "urgent", false, 1, 2},
  {"0603", "电信诈骗", "Telecom fraud", "police", "urgent", false, 1, 3},
  {"07",   "民生服务", "Livelihood services", "civil_affairs", "normal", false, 4, 5},
  {"0701", "社会救助", "Social assistance", "civil_affairs", "normal", false, 4, 10},
  {"0702", "养老服务", "Elderly care", "civil_affairs", "normal", false, 4, 5},
  {"0703", "就业创业", "Employment", "labour", "normal", false, 4, 10},
  {"0704", "医疗卫生", "Health care", "health", "normal", false, 4, 5},
  {"0705", "教育入学", "Schooling", "education", "normal", false, 4, 10},
  {"08",   "政策咨询", "Policy enquiries", "community", "normal", true, 4, 3},
  {"0801", "社保医保", "Social and medical insurance", "social_security", "normal", true, 4, 3},
  {"0802", "户籍证照", "Household registration and documents", "police", "normal", true, 4, 3},
  {"0803", "惠民政策", "Benefit policies", "civil_affairs", "normal", true, 4, 3},
  {"09",   "其他", "Other", "community", "normal", true, 4, 5},
  {"0901", "意见建议", "Suggestions", "community", "normal", true, 4, 5},
  {"0902", "其他事项", "Other matters", "community", "normal", true, 4, 5},
};
// clang-format on

}  // namespace

void Service::seed_categories() {
  std::int64_t now = storage::now_ms();
  db_.write([&](storage::Tx& tx) {
    if (store::count_categories(tx) > 0) return;
    int sort = 0;
    for (const auto& s : kSeeds) {
      Category c;
      c.code = s.code;
      if (std::string(s.code).size() == 4) c.parent_code = std::string(s.code, 2);
      c.name_zh = s.zh;
      c.name_en = s.en;
      c.department_kind = s.kind;
      c.priority = s.priority;
      c.self_handle = s.self_handle;
      c.accept_hours = s.accept_hours;
      c.handle_days_normal = s.handle_days;
      c.handle_days_urgent = std::max(1, s.handle_days / 2);
      c.handle_days_critical = std::max(1, s.handle_days / 4);
      c.sort = sort++;
      store::upsert_category(tx, c, now);
    }
  });
  invalidate_categories();
}

}  // namespace wangge::events
