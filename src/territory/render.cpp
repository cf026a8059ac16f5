#include "territory/render.h"

namespace wangge::territory {

json::object region_json(const Region& r) {
  return json::object{{"code", r.code},
                      {"name", r.name},
                      {"level", r.level},
                      {"parent_code", r.parent_code ? json::value(*r.parent_code) : json::value(nullptr)},
                      {"child_count", r.child_count},
                      {"has_geometry", r.geometry.has_value()},
                      {"version", r.version},
                      {"source", r.source},
                      {"updated_at", json::rfc3339(r.updated_at)}};
}

json::array chain_json(const std::vector<Region>& chain) {
  json::array out;
  for (const auto& c : chain) out.push_back(json::object{{"code", c.code}, {"name", c.name}, {"level", c.level}});
  return out;
}

}  // namespace wangge::territory
