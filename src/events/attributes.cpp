#include "events/attributes.h"

#include <algorithm>
#include <boost/json/parse.hpp>
#include <cmath>
#include <set>

#include "core/dates.h"
#include "core/error.h"

namespace wangge::events {
namespace {

bool valid_code(const std::string& c) {
  return !c.empty() && c.size() <= 40 && std::all_of(c.begin(), c.end(), [](char ch) {
    return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') || ch == '_';
  });
}

bool is_list(const std::string& datatype) {
  return datatype == "singlevaluelist" || datatype == "multivaluelist";
}

// Runs fn, naming in what it throws the field inside `field` that the json readers name
// alone ("key" -> "attributes[1].values[0].key").
template <typename Fn>
auto within(const std::string& field, Fn&& fn) {
  try {
    return fn();
  } catch (const Error& e) {
    if (e.field().rfind("attributes", 0) == 0) throw;
    throw Error(e.error_code(), field + "." + e.field(), e.detail_en(), e.detail_zh());
  }
}

AttributeValue parse_value(const json::value& vv, const std::string& vf) {
  if (!vv.is_object()) throw_validation(vf, "an object {key, name_zh, name_en}", "应为对象");
  const auto& o = vv.as_object();
  return within(vf, [&] {
    json::allow_only(o, {"key", "name_zh", "name_en"});
    return AttributeValue{json::get_string(o, "key", 40), json::get_string(o, "name_zh", 100),
                          json::get_string(o, "name_en", 100)};
  });
}

// One declaration, the i-th (its default order).
Attribute parse_one(const json::object& o, const std::string& field, std::size_t i, std::set<std::string>& codes) {
  Attribute a;
  within(field, [&] {
    json::allow_only(
        o, {"code", "datatype", "required", "variable", "order", "description_zh", "description_en", "values"});
    a.code = json::get_string(o, "code", 40);
    a.datatype = json::one_of(o, "datatype", kAttributeTypes);
    a.required = json::opt_bool(o, "required").value_or(false);
    a.variable = json::opt_bool(o, "variable").value_or(true);
    a.description_zh = json::get_string(o, "description_zh", 200);
    a.description_en = json::get_string(o, "description_en", 200);
    auto order = json::opt_int(o, "order").value_or(static_cast<std::int64_t>(i));
    if (order < 0 || order > 1000) throw_validation("order", "0..1000", "应在 0 到 1000 之间");
    a.order = static_cast<int>(order);
    return 0;
  });
  if (!valid_code(a.code) || !codes.insert(a.code).second)
    throw_validation(field + ".code", "a unique code of letters, digits and _", "应为唯一的编码（字母、数字、下划线）");
  auto it = o.find("values");
  if (!is_list(a.datatype)) {
    if (it != o.end()) throw_validation(field + ".values", "only lists have values", "只有列表类型有选项");
    return a;
  }
  if (it == o.end() || !it->value().is_array() || it->value().as_array().empty() || it->value().as_array().size() > 100)
    throw_validation(field + ".values", "1 to 100 values for a list", "列表应有 1 到 100 个选项");
  std::set<std::string> keys;
  std::size_t k = 0;
  for (const auto& vv : it->value().as_array()) {
    std::string vf = field + ".values[" + std::to_string(k++) + "]";
    AttributeValue val = parse_value(vv, vf);
    if (!keys.insert(val.key).second) throw_validation(vf + ".key", "unique keys", "选项编码应唯一");
    a.values.push_back(std::move(val));
  }
  return a;
}

}  // namespace

std::vector<Attribute> parse_attributes(const json::value& v) {
  if (!v.is_array() || v.as_array().size() > 30)
    throw_validation("attributes", "an array of at most 30 attributes", "应为至多 30 项的数组");
  std::vector<Attribute> out;
  std::set<std::string> codes;
  std::size_t i = 0;
  for (const auto& item : v.as_array()) {
    std::string field = "attributes[" + std::to_string(i++) + "]";
    if (!item.is_object()) throw_validation(field, "an object", "应为对象");
    out.push_back(parse_one(item.as_object(), field, i, codes));
  }
  std::stable_sort(out.begin(), out.end(), [](const Attribute& a, const Attribute& b) { return a.order < b.order; });
  return out;
}

json::array attributes_json(const std::vector<Attribute>& attrs) {
  json::array out;
  for (const auto& a : attrs) {
    json::object o{{"code", a.code},
                   {"datatype", a.datatype},
                   {"required", a.required},
                   {"variable", a.variable},
                   {"order", a.order},
                   {"description_zh", a.description_zh},
                   {"description_en", a.description_en}};
    if (is_list(a.datatype)) {
      json::array values;
      for (const auto& v : a.values)
        values.push_back(json::object{{"key", v.key}, {"name_zh", v.name_zh}, {"name_en", v.name_en}});
      o["values"] = std::move(values);
    }
    out.push_back(std::move(o));
  }
  return out;
}

std::string attributes_text(const std::vector<Attribute>& attrs) {
  return json::to_text(attributes_json(attrs));
}

std::vector<Attribute> attributes_from_text(const std::string& text) {
  if (text.empty() || text == "[]") return {};
  boost::system::error_code ec;
  auto v = boost::json::parse(text, ec);
  if (ec) return {};
  try {
    return parse_attributes(v);
  } catch (const std::exception&) {
    return {};
  }
}

json::object check_answers(const std::vector<Attribute>& attrs, const AttributeAnswers& answers, const Calendar& cal,
                           const std::string& field_prefix) {
  auto field = [&](const std::string& code) { return field_prefix + "[" + code + "]"; };
  for (const auto& [code, values] : answers) {
    bool declared =
        std::any_of(attrs.begin(), attrs.end(), [&](const Attribute& a) { return a.code == code && a.variable; });
    if (!declared) throw_validation(field(code), "not asked by this category", "该类别没有此项");
  }
  json::object out;
  for (const auto& a : attrs) {
    if (!a.variable) continue;
    auto it = answers.find(a.code);
    std::vector<std::string> given;
    if (it != answers.end()) {
      for (const auto& v : it->second) {
        if (!v.empty()) given.push_back(v);
      }
    }
    if (given.empty()) {
      if (a.required) throw_validation(field(a.code), "required", "必填");
      continue;
    }
    if (a.datatype != "multivaluelist" && given.size() > 1)
      throw_validation(field(a.code), "one value", "只能有一个值");
    const std::string& v = given.front();
    if (a.datatype == "string" || a.datatype == "text") {
      std::size_t max = a.datatype == "string" ? 200 : 2000;
      if (!json::valid_utf8(v) || json::utf8_length(v) > max)
        throw_validation(field(a.code), "at most " + std::to_string(max) + " characters",
                         "最多 " + std::to_string(max) + " 个字符");
      out[a.code] = v;
    } else if (a.datatype == "number") {
      char* end = nullptr;
      double d = std::strtod(v.c_str(), &end);
      if (!end || *end || !std::isfinite(d)) throw_validation(field(a.code), "a number", "应为数字");
      out[a.code] = d;
    } else if (a.datatype == "datetime") {
      auto t = json::parse_time(v);
      try {
        if (t && v.size() == 10) t = cal.midnight(parse_day(v));  // a date: its midnight in the calendar's zone
      } catch (const std::invalid_argument&) {
        t.reset();
      }
      if (!t || *t < dates::earliest(cal) || *t > dates::latest(cal))
        throw_validation(field(a.code), "an RFC 3339 time from 2000 to 2099", "应为 2000 至 2099 年间的 RFC 3339 时间");
      out[a.code] = json::rfc3339(*t);
    } else {
      json::array keys;
      std::set<std::string> seen;
      for (const auto& g : given) {
        bool listed =
            std::any_of(a.values.begin(), a.values.end(), [&](const AttributeValue& x) { return x.key == g; });
        if (!listed) throw_validation(field(a.code), "not one of the listed values: " + g, "不是可选的值：" + g);
        if (seen.insert(g).second) keys.emplace_back(g);
      }
      if (a.datatype == "singlevaluelist") {
        out[a.code] = keys.front();
      } else {
        out[a.code] = std::move(keys);
      }
    }
  }
  return out;
}

}  // namespace wangge::events
