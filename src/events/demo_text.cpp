// Reports as residents write them (demo_text.h): a symptom phrase of the category
// (demo_phrases.cpp) in a sentence shape of the pool, with shared pieces that say nothing of
// the category (openers, place, time, feelings, asks), then the roughness of real reports: a
// second problem of another category in about 20 %, a homophone slip of an input method in
// about 15 %, the category's own name in about 3 %.
#include "events/demo_text.h"

#include <algorithm>
#include <array>
#include <cstdint>
#include <string_view>

#include "events/demo_phrases.h"

namespace wangge::events {
namespace {

// How a report opens; a third of them do not.
constexpr std::array<const char*, 10> kReportOpeners = {
    "你好，",         "您好，",     "我要反映一个问题，", "麻烦管一下，", "领导好，",
    "我想投诉一下，", "打扰一下，", "我是附近的居民，",   "反映个情况：", "求助！"};
// How a place is named: {} is the address or landmark given, as it is, with a word of
// position, or with the building, unit, lane or gate people add (digits are the model's
// breaks). Shared by both pools: they say nothing of the category.
constexpr std::array<const char*, 5> kReportPlaceSuffixes = {"这边", "附近", "那里", "这一带", "旁边"};
constexpr std::array<const char*, 12> kReportPlaceDetails = {"7栋",          "12号楼下面", "2单元门口", "后街",
                                                             "那条小巷子里", "北门",       "斜对面",    "西区",
                                                             "B座",          "路口往里走", "一期",      "村尾那边"};
constexpr std::array<const char*, 13> kReportTimes = {
    "这几天", "昨晚十点多", "一个多星期了", "最近",   "今天早上", "好几个月了", "从上个月开始",
    "每天",   "前天",       "已经半年多了", "这两天", "这阵子",   "上个礼拜"};
constexpr std::array<const char*, 11> kReportFeelings = {
    "都没人管",   "真的受不了了", "大家意见很大", "很影响生活",       "说了好多次了",    "已经打过电话了",
    "一直没解决", "心里很着急",   "实在没办法了", "找了好几次都没用", "问了一圈也没人理"};
constexpr std::array<const char*, 10> kReportAsks = {
    "希望尽快处理", "请相关部门来看看", "麻烦派人来处理一下", "谢谢",         "请尽快解决",
    "盼回复",       "能不能管一管",     "麻烦跟进一下",       "希望给个说法", "拜托了"};
// A second, lesser problem is joined with one of these.
constexpr std::array<const char*, 4> kReportJoins = {"，另外", "。还有，", "，顺便说一下，", "。另外"};

// Sentence shapes, disjoint between the pools: {o} opener, {p} place, {t} time, {s} symptom,
// {f} feeling, {a} ask.
constexpr std::array<const char*, 8> kTrainShapes = {"{o}{p}，{t}{s}，{f}，{a}。",
                                                     "{o}{s}，地点在{p}，{t}都这样，{a}。",
                                                     "{p}{s}！{f}！",
                                                     "{o}{t}{p}{s}。{a}",
                                                     "反映：{s}（{p}）{a}",
                                                     "{s}，{f}。位置：{p}",
                                                     "{o}{p}的问题：{s}。{f}，{a}",
                                                     "{t}，{p}{s}，{a}"};
constexpr std::array<const char*, 6> kHeldoutShapes = {
    "{o}想说一下{p}的情况，{t}{s}，{f}。", "{p}：{s}，{a}！", "{t}，{s}，就在{p}，{f}，{a}",
    "请问{p}{s}这种事有人管吗？{f}",       "{s}。{p}。{a}",   "{o}{p}这块儿，{s}。{t}就这样了，{a}"};

// Input-method slips: the same pinyin, another character.
struct InputSlip {
  std::string_view right, wrong;
};
constexpr std::array<InputSlip, 22> kReportSlips = {
    {{"在", "再"},     {"的", "地"},     {"的", "得"},     {"垃圾", "拉圾"}, {"噪音", "燥音"}, {"井盖", "井改"},
     {"路灯", "路登"}, {"已经", "以经"}, {"反映", "反应"}, {"漏水", "露水"}, {"楼道", "搂道"}, {"装修", "装休"},
     {"麻烦", "麻凡"}, {"厕所", "侧所"}, {"蟑螂", "樟螂"}, {"煤气", "媒气"}, {"小区", "小曲"}, {"电梯", "电题"},
     {"物业", "物叶"}, {"附近", "付近"}, {"消防", "消访"}, {"老鼠", "老属"}}};

template <typename T, std::size_t N>
const T& any_report_piece(const std::array<T, N>& items, std::mt19937_64& rng) {
  return items[rng() % N];
}

const char* any_symptom_phrase(const std::vector<const char*>& phrases, std::mt19937_64& rng) {
  return phrases[rng() % phrases.size()];
}

const SymptomSet* find_symptom_set(const std::string& code) {
  const auto& sets = symptom_sets();
  auto it = std::lower_bound(sets.begin(), sets.end(), code,
                             [](const SymptomSet& s, const std::string& c) { return std::string_view(s.code) < c; });
  return it != sets.end() && code == it->code ? &*it : nullptr;
}

bool place_ends_in_position(std::string_view place) {
  for (std::string_view tail : {"旁", "边", "口", "附近", "旁边", "这边", "那里"}) {
    if (place.size() >= tail.size() && place.substr(place.size() - tail.size()) == tail) return true;
  }
  return false;
}

// The first clause of a phrase (up to its first comma): a problem mentioned in passing.
std::string first_symptom_clause(std::string_view phrase) {
  auto comma = phrase.find("，");
  return std::string(phrase.substr(0, comma));
}

// One or two slips where the report has the right characters (first occurrence each).
void add_input_slips(std::string& text, std::mt19937_64& rng) {
  std::array<std::size_t, kReportSlips.size()> order{};
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::shuffle(order.begin(), order.end(), rng);
  int slips = 1 + static_cast<int>(rng() % 4 == 0);
  for (std::size_t i : order) {
    auto at = text.find(kReportSlips[i].right);
    if (at == std::string::npos) continue;
    text.replace(at, kReportSlips[i].right.size(), kReportSlips[i].wrong);
    if (--slips == 0) return;
  }
}

}  // namespace

std::string describe_report(const std::string& category_code, const std::string& place, std::mt19937_64& rng,
                            DescribePool pool) {
  const bool train = pool == DescribePool::train;
  const SymptomSet* set = find_symptom_set(category_code);
  std::string where = place.empty() ? std::string("这里") : place;
  // A place that already ends in 旁, 边, 口 or 附近 takes no word of position ("菜市场旁旁边").
  switch (rng() % 3) {
    case 0:
      break;
    case 1:
      where += place_ends_in_position(where) ? "" : any_report_piece(kReportPlaceSuffixes, rng);
      break;
    default:
      where += any_report_piece(kReportPlaceDetails, rng);
      break;
  }
  std::string symptom;
  if (set) {
    symptom = any_symptom_phrase(train ? set->train : set->heldout, rng);
  } else {
    symptom = "有个情况想反映一下";  // a category the demo has no phrases for
  }
  const auto& sets = symptom_sets();
  if (set && rng() % 100 < 20) {
    const SymptomSet* other = &sets[rng() % sets.size()];
    if (other == set) other = &sets[(static_cast<std::size_t>(other - sets.data()) + 1) % sets.size()];
    symptom += any_report_piece(kReportJoins, rng);
    symptom += first_symptom_clause(any_symptom_phrase(train ? other->train : other->heldout, rng));
  }
  int named = static_cast<int>(rng() % 100);
  if (set && named < 3) symptom = (named == 0 ? std::string("这算") + set->name + "吧，" : std::string()) + symptom;
  std::string_view shape =
      train ? kTrainShapes[rng() % kTrainShapes.size()] : kHeldoutShapes[rng() % kHeldoutShapes.size()];
  std::string text;
  for (std::size_t i = 0; i < shape.size(); ++i) {
    if (shape[i] != '{' || i + 2 >= shape.size() || shape[i + 2] != '}') {
      text += shape[i];
      continue;
    }
    switch (shape[i + 1]) {
      case 'o':
        text += rng() % 3 == 0 ? "" : any_report_piece(kReportOpeners, rng);
        break;
      case 'p':
        text += where;
        break;
      case 't':
        text += any_report_piece(kReportTimes, rng);
        break;
      case 's':
        text += symptom;
        break;
      case 'f':
        text += any_report_piece(kReportFeelings, rng);
        break;
      default:
        text += any_report_piece(kReportAsks, rng);
        break;
    }
    i += 2;
  }
  if (set && named == 1) text = std::string("【") + set->name + "】" + text;
  if (set && named == 2) text += std::string("（") + set->name + "）";
  if (rng() % 100 < 15) add_input_slips(text, rng);
  return text;
}

std::vector<std::string> described_categories() {
  std::vector<std::string> out;
  for (const auto& s : symptom_sets()) out.emplace_back(s.code);
  return out;
}

std::vector<std::string> symptom_phrases(const std::string& category_code, DescribePool pool) {
  std::vector<std::string> out;
  if (const SymptomSet* set = find_symptom_set(category_code)) {
    for (const char* p : pool == DescribePool::train ? set->train : set->heldout) out.emplace_back(p);
  }
  return out;
}

std::string described_category_name(const std::string& category_code) {
  const SymptomSet* set = find_symptom_set(category_code);
  return set ? set->name : "";
}

std::string described_category_kind(const std::string& category_code) {
  const SymptomSet* set = find_symptom_set(category_code);
  return set ? set->kind : "";
}

}  // namespace wangge::events
