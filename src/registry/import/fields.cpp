#include "registry/import/fields.h"

#include <algorithm>

#include "core/auth.h"
#include "core/calendar.h"
#include "core/json.h"
#include "registry/service.h"
#include "registry/store.h"
#include "territory/service.h"

namespace wangge::registry::import {

namespace {

const std::map<std::string, std::string>& synonyms() {
  static const std::map<std::string, std::string> kMap = {
      {"户籍", "registered"},    {"户籍人口", "registered"}, {"常住", "permanent"},
      {"常住人口", "permanent"}, {"流动", "floating"},       {"流动人口", "floating"},
      {"自有", "owned"},         {"自住", "owned"},          {"自有住房", "owned"},
      {"出租", "rented"},        {"出租屋", "rented"},       {"租住", "rented"},
      {"公房", "public"},        {"公租房", "public"},       {"其他", "other"},
      {"户主", "head"},          {"配偶", "spouse"},         {"妻", "spouse"},
      {"夫", "spouse"},          {"子女", "child"},          {"子", "child"},
      {"女", "child"},           {"父母", "parent"},         {"父亲", "parent"},
      {"母亲", "parent"},        {"祖父母", "grandparent"},  {"外祖父母", "grandparent"},
      {"孙子女", "grandchild"},  {"外孙子女", "grandchild"}, {"兄弟姐妹", "sibling"},
      {"租户", "tenant"},        {"租客", "tenant"},
  };
  return kMap;
}

}  // namespace

std::string trim(std::string s) {
  auto sp = [](unsigned char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; };
  while (!s.empty() && sp(static_cast<unsigned char>(s.back()))) s.pop_back();
  std::size_t i = 0;
  while (i < s.size() && sp(static_cast<unsigned char>(s[i]))) ++i;
  // A full-width space (U+3000) around a value is common in hand-typed ledgers.
  s = s.substr(i);
  while (s.size() >= 3 && s.compare(0, 3, "\xE3\x80\x80") == 0) s.erase(0, 3);
  while (s.size() >= 3 && s.compare(s.size() - 3, 3, "\xE3\x80\x80") == 0) s.erase(s.size() - 3);
  return s;
}

std::string canonical(const std::string& v) {
  auto it = synonyms().find(v);
  return it == synonyms().end() ? v : it->second;
}

// The header's columns; the missing required ones in `missing`.
HeaderMap map_header(const std::vector<Column>& columns, const std::vector<std::string>& header,
                     std::vector<std::string>* missing) {
  HeaderMap m;
  for (std::size_t i = 0; i < header.size(); ++i) {
    std::string h = trim(header[i]);
    // A template marks its required columns with a star: 姓名* is 姓名.
    if (!h.empty() && h.back() == '*') h.pop_back();
    if (h.size() >= 3 && h.compare(h.size() - 3, 3, "\xEF\xBC\x8A") == 0) h.resize(h.size() - 3);  // ＊
    for (const auto& c : columns) {
      for (const auto& n : c.names) {
        if (h == n) m[c.key] = i;
      }
    }
  }
  for (const auto& c : columns) {
    if (c.required && !m.contains(c.key)) missing->push_back(c.names[0] + std::string(" (") + c.key + ")");
  }
  return m;
}

std::string Fields::get(const char* key) const {
  auto it = header.find(key);
  return it == header.end() || it->second >= values.size() ? std::string() : trim(values[it->second]);
}

std::string Fields::text(const char* key, std::size_t max, bool required) {
  std::string v = get(key);
  if (json::has_control_chars(v)) {
    fail(key, "contains control characters", "包含控制字符");
    return v;
  }
  if ((required && v.empty()) || json::utf8_length(v) > max) {
    fail(key, (required ? "1 to " : "at most ") + std::to_string(max) + " characters",
         (required ? "应为 1 至 " : "最多 ") + std::to_string(max) + " 个字符");
  }
  return v;
}

std::optional<double> number_field(Fields& in, const char* key) {
  std::string v = in.get(key);
  if (v.empty()) return std::nullopt;
  try {
    std::size_t used = 0;
    double d = std::stod(v, &used);
    if (used == v.size()) return d;
  } catch (const std::exception&) {
  }
  in.fail(key, "a number", "应为数字");
  return std::nullopt;
}

std::optional<std::string> Common::place(Fields& in, const char* key, std::size_t min_digits) {
  std::string code = in.get(key);
  auto it = places.find(code);
  if (it == places.end()) {
    auto region = svc.territory().find(code, false);
    std::optional<std::string> path;
    if (region && code.size() >= 12) path = region->path;
    it = places.emplace(code, path).first;
  }
  if (!it->second || code.size() < min_digits) {
    if (min_digits >= 15) {
      in.fail(key, "no grid or unit " + code, "网格或单元 " + code + " 不存在");
    } else {
      in.fail(key, "no community, grid or unit " + code, "社区、网格或单元 " + code + " 不存在");
    }
    return std::nullopt;
  }
  bool in_scope = false;
  const std::string path = it->second.value_or(std::string());  // set: checked above
  for (const auto& s : scope) in_scope |= path_within(path, s);
  if (!in_scope) {
    in.fail(key, "outside your territory", "不在您的管辖范围内");
    return std::nullopt;
  }
  return it->second;
}

std::optional<std::string> Common::date(Fields& in, const char* key) {
  std::string v = in.get(key);
  if (v.empty()) return std::nullopt;
  std::replace(v.begin(), v.end(), '/', '-');
  try {
    return format_day(parse_day(v));
  } catch (const std::exception&) {
    in.fail(key, "a date YYYY-MM-DD", "应为日期 YYYY-MM-DD");
    return std::nullopt;
  }
}

std::optional<std::int64_t> Common::building(Fields& in, const char* key, const std::optional<std::string>& path) {
  std::string name = in.get(key);
  if (name.empty() || !path) return std::nullopt;
  auto it = buildings.find(*path + "|" + name);
  if (it == buildings.end()) {
    std::vector<Building> found;
    svc.db().read([&](storage::Tx& tx) { found = store::buildings_named(tx, *path, name); });
    it = buildings.emplace(*path + "|" + name, std::move(found)).first;
  }
  if (it->second.size() == 1) return it->second[0].id;
  if (it->second.empty()) {
    in.fail(key, "no building " + name + " here (import the buildings first)",
            "此处无楼栋 " + name + "（请先导入楼栋）");
  } else {
    in.fail(key, "several buildings are named " + name + " here: give the grid's code",
            "此处有多个名为 " + name + " 的楼栋，请填写其所在网格编码");
  }
  return std::nullopt;
}

std::vector<std::string> cell_problems(const std::vector<Column>& columns, const HeaderMap& header,
                                       const std::vector<std::string>& fields,
                                       const std::vector<xlsx::ReadCell::Type>& types, std::size_t line,
                                       std::vector<RowError>& errors) {
  using T = xlsx::ReadCell::Type;
  std::vector<std::string> keys;
  for (const auto& c : columns) {
    auto it = header.find(c.key);
    if (it == header.end() || it->second >= types.size()) continue;
    T type = types[it->second];
    const std::string& v = fields[it->second];
    if (type == T::error) {
      errors.push_back({line, c.key, "the cell holds a formula's error (" + v + ")", "单元格为公式错误（" + v + "）"});
    } else if ((type == T::number || type == T::date) &&
               (c.format == Format::digits ||
                (c.format == Format::code && v.find_first_not_of("0123456789") != std::string::npos))) {
      // Never the value: it may be part of an ID number, and the report holds no row data.
      errors.push_back({line, c.key,
                        "stored as a number, which loses digits (an 18-digit ID number becomes 4.40404199001011E+17) "
                        "or leading zeros: format the column as text and retype",
                        "以数字形式存储，会丢失数位（18 位身份证号码会变成 4.40404199001011E+17）或开头的 0："
                        "请将该列设置为文本格式后重新输入"});
    } else {
      continue;
    }
    keys.emplace_back(c.key);
  }
  return keys;
}

bool within_any(const std::string& path, const std::vector<std::string>& scope) {
  for (const auto& s : scope) {
    if (path_within(path, s)) return true;
  }
  return false;
}

}  // namespace wangge::registry::import
