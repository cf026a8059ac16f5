// The import templates: the columns are the kinds' own (kinds.h), explained here in both
// languages, with an example value each.
#include "registry/import/template.h"

#include <algorithm>
#include <map>

#include "core/csv.h"
#include "core/xlsx.h"
#include "registry/id_number.h"
#include "registry/import/kinds.h"
#include "registry/model.h"
#include "registry/service.h"

namespace wangge::registry::import {
namespace {

// What a column means, the values it takes and an example, in both languages. "{id}" and
// "{place}" in an example stand for the made-up ID number and the caller's grid.
struct Note {
  const char *meaning_zh, *meaning_en, *values_zh, *values_en, *example_zh, *example_en;
};

std::string tag_list(bool zh) {
  std::string out;
  for (const auto& t : kTagKinds) {
    out += out.empty() ? "" : (zh ? "、" : ", ");
    out += zh ? std::string(t.name_zh) : std::string(t.name_en) + " (" + std::string(t.code) + ")";
  }
  return out;
}

const Note* note_of(const std::string& kind, const std::string& key) {
  static const std::map<std::string, Note> kNotes = {
      {"persons.name", {"姓名", "the person's name", "1–50 字", "1–50 characters", "张示例", "Example Zhang"}},
      {"id_number",
       {"公民身份号码，按此匹配已登记的人员", "citizen ID number: rows are matched to registered persons by it",
        "18 位，最后一位为校验码（可为 X），出生日期须真实", "18 characters, the last a check character (may be X)",
        "{id}", "{id}"}},
      {"region_code",
       {"所在社区、网格或单元的编码，须在您的管辖范围内", "the code of the community, grid or unit, in your territory",
        "区划编码（12 位社区，15 位网格或单元）", "a region code (12 digits a community, 15 a grid or unit)", "{place}",
        "{place}"}},
      {"address", {"地址", "address", "1–200 字", "1–200 characters", "示例路 1 号", "1 Example Road"}},
      {"room", {"房号", "room", "最多 32 字", "at most 32 characters", "1-101", "1-101"}},
      {"phone",
       {"联系电话", "phone", "11 位手机号，或带区号的固定电话", "an 11-digit mobile, or a landline with its area code",
        "13800000000", "13800000000"}},
      {"residence_type",
       {"人口类型", "residence type", "户籍、常住、流动；空白为户籍",
        "registered, permanent or floating; blank: registered", "户籍", "registered"}},
      {"housing_type",
       {"住房类型", "housing", "自有、出租、公房、其他；空白为自有", "owned, rented, public or other; blank: owned",
        "自有", "owned"}},
      {"relation",
       {"与户主关系；标为户主者在其户尚无户主时成为户主", "relation to the head; a head heads a household without one",
        "户主、配偶、子女、父母、祖父母、孙子女、兄弟姐妹、租户、其他",
        "head, spouse, child, parent, grandparent, grandchild, sibling, tenant, other", "户主", "head"}},
      {"tags", {"标签，多个用 ；、, 或 | 分隔", "tags, separated by ; , or |", "", "", "党员", "party_member"}},
      {"floating_registered_on",
       {"居住证登记日期（仅流动人口）", "residence permit registered on (floating residents only)", "", "", "", ""}},
      {"floating_expires_on",
       {"居住证到期日期（仅流动人口）", "residence permit expires on (floating residents only)", "", "", "", ""}},
      {"note",
       {"备注", "note", "最多 500 字", "at most 500 characters", "示例行：导入前请删除",
        "Example row: delete it before importing"}},
      {"building",
       {"楼栋名称：该处已登记的楼栋（请先导入楼栋）",
        "a building's name registered at the place (import buildings first)", "", "", "", ""}},
      {"buildings.region_code",
       {"所在网格或单元的编码，须在您的管辖范围内", "the code of the grid or unit, in your territory",
        "15 位网格或单元编码", "a 15-digit grid or unit code", "{place}", "{place}"}},
      {"buildings.name",
       {"楼栋名称", "the building's name", "1–100 字", "1–100 characters", "示例楼 1 栋", "Example Block 1"}},
      {"buildings.address",
       {"地址", "address", "最多 200 字", "at most 200 characters", "示例路 1 号", "1 Example Road"}},
      {"floors", {"层数", "floors", "1–200 的整数", "a whole number from 1 to 200", "6", "6"}},
      {"lat",
       {"纬度（与经度同填或同空）", "latitude (with the longitude, or neither)", "-90 至 90", "-90 to 90", "", ""}},
      {"lng", {"经度", "longitude", "-180 至 180", "-180 to 180", "", ""}},
      {"businesses.name",
       {"商户名称", "the business's name", "1–100 字", "1–100 characters", "示例便利店", "Example Store"}},
      {"licence_no",
       {"统一社会信用代码；有则按此匹配", "unified social credit code: matched by it when given",
        "18 位，符合 GB 32100 校验", "18 characters with the GB 32100 check character", "", ""}},
      {"kind", {"经营类别", "kind of business", "最多 32 字", "at most 32 characters", "零售", "retail"}},
      {"businesses.address",
       {"经营地址", "address", "最多 200 字", "at most 200 characters", "示例路 1 号", "1 Example Road"}},
      {"owner_id_number",
       {"经营者身份证号：须为您辖区内已登记的人员", "the owner's ID number: a person registered in your territory", "",
        "", "", ""}},
  };
  auto it = kNotes.find(kind + "." + key);
  if (it == kNotes.end()) it = kNotes.find(key);
  return it == kNotes.end() ? nullptr : &it->second;
}

std::string format_of(Format f, bool zh) {
  switch (f) {
    case Format::digits:
      return zh ? "文本：单元格须设为文本格式，否则 Excel 会把长数字改成科学计数法（本模板已设好）"
                : "text: the cells must be formatted as text, or Excel turns long numbers into 4.4E+17 (set in "
                  "this template)";
    case Format::code:
      return zh ? "数字编码（文本格式）" : "a numeric code (formatted as text)";
    case Format::date:
      return zh ? "日期 YYYY-MM-DD（或 Excel 日期）" : "a date YYYY-MM-DD (or an Excel date)";
    case Format::number:
      return zh ? "数字" : "a number";
    case Format::text:
      break;
  }
  return zh ? "文本" : "text";
}

std::string replace_all(std::string s, const std::string& from, const std::string& to) {
  for (auto at = s.find(from); at != std::string::npos; at = s.find(from, at + to.size()))
    s.replace(at, from.size(), to);
  return s;
}

// A made-up adult at the place's county: born 1980-05-20, the check character computed.
std::string example_id(const std::string& place) {
  std::string first17 = (place.size() >= 6 ? place.substr(0, 6) : std::string("110101")) + "19800520" + "012";
  return first17 + id_check_char(first17);
}

struct Table {
  std::vector<std::string> header, example;
  std::vector<const Column*> columns;
};

Table table_of(const TemplateRequest& req) {
  Table t;
  std::string id = example_id(req.place);
  for (const auto& c : *columns_of(req.kind)) {
    t.columns.push_back(&c);
    t.header.push_back((req.zh ? c.names[0] : std::string(c.key)) + (c.required ? "*" : ""));
    const Note* n = note_of(req.kind, c.key);
    std::string ex = n ? (req.zh ? n->example_zh : n->example_en) : "";
    t.example.push_back(replace_all(replace_all(ex, "{id}", id), "{place}", req.place));
  }
  return t;
}

http::Response csv_template(const TemplateRequest& req, const std::string& filename) {
  Table t = table_of(req);
  std::string out = "\xEF\xBB\xBF";
  for (const auto* row : {&t.header, &t.example}) {
    for (std::size_t i = 0; i < row->size(); ++i) out += (i ? "," : "") + csv::quote((*row)[i]);
    out += "\r\n";
  }
  http::Response r;
  r.status = 200;
  r.content_type = "text/csv; charset=utf-8";
  r.body = std::move(out);
  r.set_header("Content-Disposition", "attachment; filename=\"" + filename + ".csv\"");
  return r;
}

void notes_sheet(xlsx::Writer& w, const TemplateRequest& req, const Table& t) {
  const bool zh = req.zh;
  w.sheet(zh ? "说明" : "Notes", {{zh ? "列名" : "column", 18},
                                  {zh ? "含义" : "meaning", 40},
                                  {zh ? "必填" : "required", 8},
                                  {zh ? "取值" : "values", 48},
                                  {zh ? "格式" : "format", 40}});
  for (std::size_t i = 0; i < t.columns.size(); ++i) {
    const Column& c = *t.columns[i];
    const Note* n = note_of(req.kind, c.key);
    std::string values = n ? (zh ? n->values_zh : n->values_en) : "";
    if (std::string(c.key) == "tags") values = tag_list(zh);
    std::string header = zh ? c.names[0] : std::string(c.key);
    if (c.names.size() > 2) {  // the other names a file may use
      std::string also;
      for (std::size_t k = 1; k + 1 < c.names.size(); ++k) also += (also.empty() ? "" : zh ? "、" : ", ") + c.names[k];
      header += zh ? "（或 " + also + "）" : " (or " + c.names[0] + ", " + also + ")";
    } else if (!zh) {
      header += " (or " + c.names[0] + ")";
    }
    w.row({header, n ? std::string(zh ? n->meaning_zh : n->meaning_en) : std::string(),
           std::string(c.required ? (zh ? "是" : "yes") : (zh ? "否" : "no")), values, format_of(c.format, zh)});
  }
  w.row({});
  w.row({std::string(zh ? "带 * 的列为必填；列的顺序不限，表头可用中文或英文列名。"
                        : "Columns marked * are required; columns may come in any order, headed in Chinese or "
                          "English.")});
  w.row({std::string(zh ? "Excel 文件只读取第一个工作表；示例行请在导入前删除。"
                        : "An Excel file is read from its first sheet; delete the example row before importing.")});
}

}  // namespace

http::Response import_template(Service& svc, const TemplateRequest& req) {
  std::string filename = "import-" + req.kind + "-template";
  if (!req.xlsx) return csv_template(req, filename);
  Table t = table_of(req);
  return xlsx::attachment(svc.export_dir(), filename + ".xlsx", [&](xlsx::Writer& w) {
    std::vector<xlsx::Column> columns;
    for (std::size_t i = 0; i < t.columns.size(); ++i) {
      const Column& c = *t.columns[i];
      bool text = c.format == Format::digits || c.format == Format::code;
      double width = std::max<double>(10, static_cast<double>(t.example[i].size()) + 4);
      if (c.format == Format::digits || c.format == Format::code) width = 21;
      columns.push_back({t.header[i], width, text});
    }
    w.sheet(req.zh ? "导入" : "import", columns);
    std::vector<xlsx::Cell> example;
    for (const auto& v : t.example) example.emplace_back(v);
    w.row(example);
    notes_sheet(w, req, t);
  });
}

}  // namespace wangge::registry::import
