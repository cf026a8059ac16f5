// The demo's households and residents (demo.h): the patterns a Pearl River Delta town's
// households follow (elderly living alone or as a couple, families, three generations,
// children left with their grandparents, young couples and single workers renting),
// Cantonese surnames, given names of their generation, ages that fit the relations, ID
// numbers valid under GB 11643 (the county's address code for locals, a home county's for
// floating residents), mobile phones, and tags in proportions like a town's.
#include <algorithm>
#include <array>

#include "registry/demo.h"
#include "registry/id_number.h"

namespace wangge::registry::demo {
namespace {

constexpr const char* kLocalCounty = "440404";  // 金湾区
// Counties floating residents come from (湖南耒阳, 广西桂平, 广东陆丰, 广东普宁, 四川南部, 江西于都).
constexpr std::array<const char*, 6> kHomeCounties = {"430481", "450881", "441581", "445281", "511321", "360731"};

struct Weighted {
  const char* text;
  int weight;
};
constexpr Weighted kSurnames[] = {
    {"陈", 10}, {"黄", 7}, {"李", 7}, {"梁", 6}, {"张", 5}, {"林", 5}, {"吴", 4}, {"何", 4}, {"刘", 4},
    {"罗", 3},  {"郑", 3}, {"谢", 3}, {"冯", 3}, {"周", 3}, {"杨", 3}, {"邓", 3}, {"赵", 2}, {"钟", 2},
    {"关", 2},  {"麦", 2}, {"苏", 2}, {"叶", 2}, {"卢", 2}, {"蔡", 2}, {"曾", 2}, {"余", 2}, {"潘", 2},
    {"区", 1},  {"彭", 1}, {"莫", 1}, {"江", 1}, {"古", 1}, {"容", 1}, {"甘", 1},
};
// Given names by sex and generation: born before about 1965, up to 1995, after.
constexpr std::array<const char*, 15> kMaleOld = {"国强", "建国", "志明", "伟雄", "振华", "德明", "锦荣", "永康",
                                                  "耀华", "炳坤", "金水", "国华", "汉明", "树林", "家昌"};
constexpr std::array<const char*, 15> kFemaleOld = {"秀英", "桂芳", "淑珍", "玉兰", "月娥", "凤英", "美玲", "丽华",
                                                    "翠萍", "少芬", "银好", "亚妹", "惠珍", "瑞莲", "兰英"};
constexpr std::array<const char*, 15> kMaleMid = {"伟",   "强",   "志强", "俊杰", "文辉", "建华", "海涛", "永强",
                                                  "家豪", "国伟", "晓东", "振宇", "明辉", "卓文", "智勇"};
constexpr std::array<const char*, 15> kFemaleMid = {"丽娟", "海燕", "小红", "美华", "秀珍", "婉婷", "慧敏", "颖",
                                                    "晓玲", "嘉欣", "燕萍", "少华", "敏仪", "丽珊", "咏诗"};
constexpr std::array<const char*, 15> kMaleYoung = {"子轩", "浩然", "梓豪", "俊熙", "宇航", "思远", "嘉俊", "铭轩",
                                                    "睿",   "博文", "梓轩", "浩宇", "乐天", "一鸣", "天佑"};
constexpr std::array<const char*, 15> kFemaleYoung = {"欣怡", "梓涵", "诗琪", "雨桐", "可馨", "子琪", "晓彤", "思彤",
                                                      "佳怡", "梓晴", "语嫣", "心怡", "芷晴", "雅琪", "紫琳"};
constexpr std::array<const char*, 20> kMobilePrefixes = {"135", "136", "137", "138", "139", "150", "151",
                                                         "152", "158", "159", "186", "187", "188", "189",
                                                         "133", "153", "180", "181", "177", "199"};

void ymd(Day d, int& y, int& m, int& dd) {
  std::string s = format_day(d);  // YYYY-MM-DD
  y = std::stoi(s.substr(0, 4));
  m = std::stoi(s.substr(5, 2));
  dd = std::stoi(s.substr(8, 2));
}

// The day a person born on `birth` turns `years` (28 February for those born on 29 February).
Day birthday(Day birth, int years) {
  int y = 0, m = 0, d = 0;
  ymd(birth, y, m, d);
  if (m == 2 && d == 29) d = 28;
  return day_from_ymd(y + years, m, d);
}

}  // namespace

People::People(std::uint64_t seed, Day today) : rng_(seed), today_(today) {}

int People::age(Day birth) const {
  int by = 0, bm = 0, bd = 0, ty = 0, tm = 0, td = 0;
  ymd(birth, by, bm, bd);
  ymd(today_, ty, tm, td);
  return ty - by - ((tm < bm || (tm == bm && td < bd)) ? 1 : 0);
}

std::string People::surname() {
  int total = 0;
  for (const auto& s : kSurnames) total += s.weight;
  int x = below(total);
  for (const auto& s : kSurnames) {
    if (x < s.weight) return s.text;
    x -= s.weight;
  }
  return "陈";
}

std::string People::given(const std::string& gender, int age) {
  bool male = gender == "male";
  const auto& pool = age >= 60   ? (male ? kMaleOld : kFemaleOld)
                     : age >= 30 ? (male ? kMaleMid : kFemaleMid)
                                 : (male ? kMaleYoung : kFemaleYoung);
  return pool[static_cast<std::size_t>(below(static_cast<int>(pool.size())))];
}

std::string People::id_number(const std::string& region, Day birth, const std::string& gender) {
  std::string date = format_day(birth);
  date.erase(std::remove(date.begin(), date.end(), '-'), date.end());
  for (;;) {
    // The sequence's last digit is odd for men and even for women.
    std::string seq = std::to_string(1000 + below(500) * 2 + (gender == "male" ? 1 : 0)).substr(1);
    std::string first17 = region + date + seq;
    std::string id = first17 + id_check_char(first17);
    if (ids_.insert(id).second) return id;
  }
}

std::string People::mobile() {
  for (;;) {
    std::string digits = std::to_string(100000000 + below(100000000)).substr(1);
    std::string p = std::string(kMobilePrefixes[static_cast<std::size_t>(below(20))]) + digits;
    if (phones_.insert(p).second) return p;
  }
}

Resident People::person(const std::string& gender, int age, const std::string& family, const std::string& relation) {
  Resident r;
  r.gender = gender;
  r.relation = relation;
  r.residence_type = "registered";
  // Born on a day that makes them `age` today.
  r.birth = birthday(today_, -age - 1) + 1 + below(365);
  if (this->age(r.birth) != age) r.birth = birthday(today_, -age);
  r.name = family + given(gender, age);
  if (age >= 16 && age <= 80 && chance(92)) {
    r.phone = mobile();
  } else if (age > 80 && chance(40)) {
    r.phone = "0756-7" + std::to_string(100000 + below(900000));  // a landline at home (珠海 0756)
  }
  return r;
}

Home People::home() {
  static constexpr Weighted kKinds[] = {
      {"alone_elderly", 10}, {"elderly_couple", 12}, {"family", 34}, {"three_generations", 17},
      {"left_behind", 5},    {"young_couple", 9},    {"single", 13}};
  int x = below(100);
  Home h;
  for (const auto& k : kKinds) {
    if (x < k.weight) {
      h.kind = k.text;
      break;
    }
    x -= k.weight;
  }
  if (h.kind.empty()) h.kind = "family";
  const bool migrant = (h.kind == "single" && chance(70)) || (h.kind == "young_couple" && chance(55)) ||
                       (h.kind == "family" && chance(18));
  h.housing_type = migrant ? "rented" : chance(6) ? "public" : chance(3) ? "other" : "owned";
  std::string family = surname();
  auto add = [&](const std::string& gender, int age, const std::string& relation, const std::string& name_from) {
    Resident r = person(gender, age, name_from, relation);
    // Nobody shares a name with someone of their household (siblings least of all).
    auto taken = [&] {
      return std::any_of(h.residents.begin(), h.residents.end(), [&](const Resident& o) { return o.name == r.name; });
    };
    for (int tries = 0; tries < 20 && taken(); ++tries) r.name = name_from + given(gender, age);
    h.residents.push_back(std::move(r));
    return age;
  };
  auto other_sex = [](const std::string& g) { return g == "male" ? std::string("female") : std::string("male"); };
  if (h.kind == "alone_elderly") {
    add(chance(65) ? "female" : "male", 65 + below(26), "head", family);
  } else if (h.kind == "elderly_couple") {
    int a = add("male", 62 + below(24), "head", family);
    add("female", std::max(58, a - below(6)), "spouse", surname());
  } else if (h.kind == "left_behind") {
    std::string g = chance(60) ? "female" : "male";
    int a = add(g, 58 + below(20), "head", family);
    if (chance(50)) add(other_sex(g), std::max(55, a - 3 + below(7)), "spouse", surname());
    for (int k = 0, n = 1 + below(2); k < n; ++k)
      add(chance(50) ? "male" : "female", 3 + below(12), "grandchild", family);
  } else if (h.kind == "single") {
    add(chance(60) ? "male" : "female", 20 + below(26), "head", family);
  } else {
    int young = h.kind == "young_couple";
    int a = add("male", young ? 24 + below(10) : 30 + below(26), "head", family);
    int wife = add("female", std::max(21, a - below(5)), "spouse", surname());
    if (!young) {
      for (int k = 0, n = 1 + below(2); k < n; ++k)
        add(chance(50) ? "male" : "female", below(std::min(wife - 21, 26) + 1), "child", family);
      if (h.kind == "three_generations")
        for (int k = 0, n = 1 + below(2); k < n; ++k)
          add(k == 0 ? "female" : "male", std::min(95, a + 24 + below(9)), "parent", k == 0 ? surname() : family);
    }
  }
  // When they came: locals long ago (adults on their own after 18), migrants in the past
  // three years, children born since.
  Resident& head = h.residents.front();
  int span = migrant ? 3 * 365 : std::max(365, std::min(age(head.birth) - 18, 30) * 365);
  Day moved = std::max(birthday(head.birth, 18), today_ - 30 - below(span));
  for (auto& r : h.residents) {
    r.moved_in = std::max(moved, r.birth);
    if (migrant) {
      r.residence_type = "floating";
      r.permit_from = r.moved_in + below(60);
      if (*r.permit_from > today_) r.permit_from = today_;
      r.permit_to = birthday(*r.permit_from, 1);
    } else if (h.housing_type == "rented" || chance(10)) {
      r.residence_type = "permanent";
    }
    const char* county = kLocalCounty;
    if (migrant) county = kHomeCounties[static_cast<std::size_t>(below(6))];
    r.id_number = id_number(county, r.birth, r.gender);
  }
  add_tags(h);
  return h;
}

void People::add_tags(Home& h) {
  h.low_income = h.housing_type != "rented" && chance(5);
  auto since_adult = [&](const Resident& r) { return std::max(birthday(r.birth, 18), today_ - 30 - below(6 * 365)); };
  const bool poor = h.kind == "alone_elderly" && chance(18);
  for (auto& r : h.residents) {
    const int a = age(r.birth);
    auto tag = [&](const char* code, Day since) { r.tags.push_back({code, format_day(std::min(since, today_))}); };
    const bool adult = a >= 18;
    if (a >= 60) tag("elderly", std::max(birthday(r.birth, 60), r.moved_in));
    if (a >= 60 && (h.kind == "alone_elderly" || (h.kind == "elderly_couple" && chance(60))))
      tag("empty_nest_elderly", std::max(birthday(r.birth, 60), today_ - 30 - below(5 * 365)));
    if (h.kind == "left_behind") {
      Day since = std::max(r.moved_in, today_ - 30 - below(3 * 365));
      if (r.relation == "grandchild" && a < 16) tag("left_behind_child", since);
      if (a >= 60) tag("left_behind_elderly", since);
    }
    if (h.low_income) tag("low_income", std::max(r.moved_in, today_ - 30 - below(4 * 365)));
    if (poor) tag("extreme_poverty", std::max(r.moved_in, today_ - 30 - below(4 * 365)));
    int roll = below(1000);
    if (roll < 30) tag("disabled", std::max(r.birth, today_ - 30 - below(10 * 365)));
    if (a >= 45 && below(1000) < 30) tag("serious_illness", today_ - 30 - below(3 * 365));
    if (r.gender == "male" && a >= 35 && a <= 75 && below(1000) < 40)
      tag("veteran", std::max(birthday(r.birth, 22), today_ - 30 - below(10 * 365)));
    if (a >= 25 && below(1000) < 90) tag("party_member", since_adult(r));
    if (adult && a <= 65 && below(1000) < 60) tag("volunteer", since_adult(r));
    if (adult) {
      roll = below(1000);
      if (roll < 5) {
        tag("mental_disorder", since_adult(r));
      } else if (roll < 8 && a <= 55) {
        tag("community_correction", today_ - 30 - below(365));
      } else if (roll < 12 && a >= 25 && r.gender == "male") {
        tag("released_prisoner", today_ - 30 - below(3 * 365));
      } else if (roll < 14 && a <= 50) {
        tag("drug_user", today_ - 30 - below(2 * 365));
      } else if (roll < 17 && a >= 40) {
        tag("key_petitioner", today_ - 30 - below(2 * 365));
      }
    } else if (a >= 13 && below(1000) < 15) {
      tag("key_youth", today_ - 30 - below(365));
    }
  }
}

}  // namespace wangge::registry::demo
