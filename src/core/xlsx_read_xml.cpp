#include "core/xlsx_read_xml.h"

#include <cstring>

#include "core/error.h"

namespace wangge::xlsx::detail {

void malformed(const std::string& en, const std::string& zh) {
  throw Error("validation", "body", "the file is not a readable .xlsx workbook: " + en,
              "文件不是可读取的 .xlsx 工作簿：" + zh);
}

void too_large(const std::string& en, const std::string& zh) {
  throw Error("payload_too_large", "body", en, zh);
}

std::string_view local_name(const char* name) {
  std::string_view n(name);
  auto colon = n.rfind(':');
  return colon == std::string_view::npos ? n : n.substr(colon + 1);
}

const char* attribute(const char** atts, std::string_view name) {
  for (std::size_t i = 0; atts[i]; i += 2) {
    if (local_name(atts[i]) == name) return atts[i + 1];
  }
  return nullptr;
}

Archive::Archive(std::string_view bytes, std::uint64_t max_inflated) : max_inflated_(max_inflated) {
  zip_error_t error;
  zip_error_init(&error);
  zip_source_t* source = zip_source_buffer_create(bytes.data(), bytes.size(), 0, &error);
  if (source) zip_ = zip_open_from_source(source, ZIP_RDONLY, &error);
  if (!zip_) {
    std::string why = zip_error_strerror(&error);
    if (source) zip_source_free(source);
    zip_error_fini(&error);
    malformed("a damaged zip archive (" + why + ")", "zip 压缩包已损坏（" + why + "）");
  }
  zip_error_fini(&error);
}

Archive::~Archive() {
  zip_discard(zip_);
}

bool Archive::has(const std::string& name) const {
  return zip_name_locate(zip_, name.c_str(), 0) >= 0;
}

Archive::Entry::Entry(Archive& archive, const std::string& name) : archive_(archive), name_(name) {
  zip_int64_t index = zip_name_locate(archive.zip_, name.c_str(), 0);
  if (index < 0) malformed("it has no " + name, "缺少 " + name);
  zip_stat_t st;
  zip_stat_init(&st);
  if (zip_stat_index(archive.zip_, static_cast<zip_uint64_t>(index), 0, &st) == 0 && (st.valid & ZIP_STAT_SIZE) &&
      st.size > archive.max_inflated_ - archive.inflated_)
    too_large("the workbook unpacks to more than " + std::to_string(archive.max_inflated_ >> 20) + " MiB",
              "工作簿解压后超过 " + std::to_string(archive.max_inflated_ >> 20) + " MiB");
  file_ = zip_fopen_index(archive.zip_, static_cast<zip_uint64_t>(index), 0);
  if (!file_) {
    std::string why = zip_error_strerror(zip_get_error(archive.zip_));
    malformed(name + " cannot be unpacked (" + why + ")", name + " 无法解压（" + why + "）");
  }
}

Archive::Entry::~Entry() {
  if (file_) zip_fclose(file_);
}

std::size_t Archive::Entry::read(char* buf, std::size_t size) {
  zip_int64_t n = zip_fread(file_, buf, size);
  if (n < 0) {
    std::string why = zip_error_strerror(zip_file_get_error(file_));
    malformed(name_ + " is damaged (" + why + ")", name_ + " 已损坏（" + why + "）");
  }
  archive_.inflated_ += static_cast<std::uint64_t>(n);
  // The declared size may lie: the bytes actually inflated are what count.
  if (archive_.inflated_ > archive_.max_inflated_)
    too_large("the workbook unpacks to more than " + std::to_string(archive_.max_inflated_ >> 20) + " MiB",
              "工作簿解压后超过 " + std::to_string(archive_.max_inflated_ >> 20) + " MiB");
  return static_cast<std::size_t>(n);
}

XmlParser::XmlParser(std::string part) : part_(std::move(part)), parser_(XML_ParserCreate(nullptr)) {
  if (!parser_) throw std::bad_alloc();
  XML_SetUserData(parser_, this);
  XML_SetElementHandler(parser_, &XmlParser::on_start, &XmlParser::on_end);
  XML_SetCharacterDataHandler(parser_, &XmlParser::on_text);
  XML_SetStartDoctypeDeclHandler(parser_, &XmlParser::on_doctype);
}

XmlParser::~XmlParser() {
  XML_ParserFree(parser_);
}

void XmlParser::stop(std::exception_ptr e) {
  if (!pending_) pending_ = std::move(e);
  XML_StopParser(parser_, XML_FALSE);
}

void XmlParser::on_start(void* self, const char* name, const char** atts) {
  auto* p = static_cast<XmlParser*>(self);
  try {
    p->start(local_name(name), atts);
  } catch (...) {
    p->stop(std::current_exception());
  }
}

void XmlParser::on_end(void* self, const char* name) {
  auto* p = static_cast<XmlParser*>(self);
  try {
    p->end(local_name(name));
  } catch (...) {
    p->stop(std::current_exception());
  }
}

void XmlParser::on_text(void* self, const char* s, int len) {
  auto* p = static_cast<XmlParser*>(self);
  try {
    p->text(std::string_view(s, static_cast<std::size_t>(len)));
  } catch (...) {
    p->stop(std::current_exception());
  }
}

void XmlParser::on_doctype(void* self, const char*, const char*, const char*, int) {
  auto* p = static_cast<XmlParser*>(self);
  try {
    malformed(p->part_ + " declares a DOCTYPE", p->part_ + " 含有 DOCTYPE 声明");
  } catch (...) {
    p->stop(std::current_exception());
  }
}

void XmlParser::feed(const char* data, std::size_t size, bool last) {
  auto status = XML_Parse(parser_, data, static_cast<int>(size), last ? XML_TRUE : XML_FALSE);
  if (pending_) std::rethrow_exception(pending_);
  if (status == XML_STATUS_ERROR) {
    std::string why = std::string(XML_ErrorString(XML_GetErrorCode(parser_))) + " at line " +
                      std::to_string(XML_GetCurrentLineNumber(parser_));
    malformed(part_ + " is not well-formed XML (" + why + ")", part_ + " 不是格式正确的 XML（" + why + "）");
  }
}

void XmlParser::parse(Archive& archive, const std::string& name) {
  Archive::Entry entry(archive, name);
  char buf[65536];
  for (;;) {
    std::size_t n = entry.read(buf, sizeof buf);
    feed(buf, n, n == 0);
    if (n == 0) break;
  }
}

}  // namespace wangge::xlsx::detail
