// The parts of xlsx_read.cpp's machinery: a zip archive in memory (libzip) whose entries are
// inflated under one shared bound, and an expat parser fed in chunks whose handlers may
// throw (the exception is carried across expat and rethrown from feed()).
#pragma once

#include <zip.h>

#include <cstdint>
#include <exception>
#include <string>
#include <string_view>

#include "expat.h"

namespace wangge::xlsx::detail {

// Throws wangge::Error 422 validation: the body is not a readable workbook, and why.
[[noreturn]] void malformed(const std::string& en, const std::string& zh);
// Throws wangge::Error 413 payload_too_large with why.
[[noreturn]] void too_large(const std::string& en, const std::string& zh);

// An element's or attribute's name without its namespace prefix ("x:row" -> "row").
std::string_view local_name(const char* name);
// The attribute with the local name `name`; null when absent.
const char* attribute(const char** atts, std::string_view name);

class Archive {
 public:
  Archive(std::string_view bytes, std::uint64_t max_inflated);
  ~Archive();
  Archive(const Archive&) = delete;
  Archive& operator=(const Archive&) = delete;
  bool has(const std::string& name) const;

  // One entry being inflated; every byte counts against the archive's bound.
  class Entry {
   public:
    Entry(Archive& archive, const std::string& name);
    ~Entry();
    Entry(const Entry&) = delete;
    Entry& operator=(const Entry&) = delete;
    // Up to `size` bytes into `buf`; 0 at the end.
    std::size_t read(char* buf, std::size_t size);

   private:
    Archive& archive_;
    std::string name_;
    zip_file_t* file_ = nullptr;
  };

 private:
  zip_t* zip_ = nullptr;
  std::uint64_t max_inflated_, inflated_ = 0;
};

class XmlParser {
 public:
  explicit XmlParser(std::string part);
  virtual ~XmlParser();
  XmlParser(const XmlParser&) = delete;
  XmlParser& operator=(const XmlParser&) = delete;
  // Parses the next chunk (`last`: the end of the document); throws on malformed XML, a
  // DOCTYPE (never in a workbook: no entities to expand), or what a handler threw.
  void feed(const char* data, std::size_t size, bool last);
  // Parses a whole entry of the archive.
  void parse(Archive& archive, const std::string& name);

 protected:
  virtual void start(std::string_view name, const char** atts) = 0;
  virtual void end(std::string_view name) = 0;
  virtual void text(std::string_view) {}

 private:
  static void on_start(void* self, const char* name, const char** atts);
  static void on_end(void* self, const char* name);
  static void on_text(void* self, const char* s, int len);
  static void on_doctype(void* self, const char*, const char*, const char*, int);
  void stop(std::exception_ptr e);

  std::string part_;
  XML_Parser parser_;
  std::exception_ptr pending_;
};

}  // namespace wangge::xlsx::detail
