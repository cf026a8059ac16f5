// The JSON Schemas of the territory module's answers and bodies, beside what renders them
// (render.cpp, http_read.cpp): published in /api/openapi.json, checked against every
// answer in the tests (Config::check_contracts).
#include "territory/render.h"

namespace wangge::territory {

using namespace schema;

void register_schemas(Components& c) {
  c.add("RegionLevel", enumeration({"province", "city", "county", "town", "community", "grid", "unit", "building"}));
  c.add("PolygonGeometry",
        describe(object({req("type", enumeration({"Polygon", "MultiPolygon"})),
                         req("coordinates", describe(array(any()), "GeoJSON coordinates, WGS84 [lng, lat]"))}),
                 "a GeoJSON Polygon or MultiPolygon"));
  c.add("RegionRef", object({req("code", str()), req("name", str()), req("level", ref("RegionLevel"))}));
  c.add("Region",
        object({req("code", str()), req("name", str()), req("level", ref("RegionLevel")),
                req("parent_code", nullable(str())), req("child_count", integer(0)), req("has_geometry", boolean()),
                req("version", integer(1)), req("source", str()), req("updated_at", date_time())}));
  c.add("RegionDetail",
        all_of({ref("Region"),
                object({req("path", describe(array(ref("RegionRef")), "the chain from the root to the region")),
                        req("geometry", nullable(ref("PolygonGeometry")))})}));
  c.add("RegionFeatureCollection",
        object({req("type", enumeration({"FeatureCollection"})),
                req("features",
                    array(object({req("type", enumeration({"Feature"})), req("id", str()),
                                  req("properties", ref("RegionRef")), req("geometry", ref("PolygonGeometry"))})))}));
  c.add("CoveragePiece",
        object({req("codes", describe(array(str()), "overlaps: the two children; outside: the child; gaps: none")),
                req("area_m2", number()), req("geometry", ref("PolygonGeometry"))}));
  value pieces = array(ref("CoveragePiece"));
  c.add("RegionCoverage",
        object({req("code", str()), req("area_m2", number()), req("covered_m2", number()), req("complete", boolean()),
                req("gaps", pieces), req("overlaps", pieces), req("outside", pieces)}));
  c.add(
      "MapFeatureCollection",
      object(
          {req("type", enumeration({"FeatureCollection"})),
           req("features",
               array(one_of({object({req("type", enumeration({"Feature"})), req("id", str()),
                                     req("properties",
                                         object({req("kind", enumeration({"community", "grid"})), req("code", str()),
                                                 req("name", str()),
                                                 req("here", describe(boolean(), "contains the point asked"))},
                                                closed)),
                                     req("geometry", ref("PolygonGeometry"))},
                                    closed),
                             object({req("type", enumeration({"Feature"})),
                                     req("properties",
                                         object({req("kind", enumeration({"building"})), req("name", str())}, closed)),
                                     req("geometry", object({req("type", enumeration({"Point"})),
                                                             req("coordinates", array(number(), 2))}))},
                                    closed)}),
                     300))}));
  c.add("GridLocation", object({req("grid", ref("Region")), req("path", array(ref("RegionRef")))}));
}

}  // namespace wangge::territory
