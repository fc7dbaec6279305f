// Input streams over files and stdin that count the bytes they consume and
// gunzip transparently (gzip is recognised by its magic bytes, not the name).
#ifndef BYLINE_SRC_INGEST_INPUT_STREAM_H_
#define BYLINE_SRC_INGEST_INPUT_STREAM_H_

#include <zlib.h>

#include <cstdint>
#include <istream>
#include <memory>
#include <streambuf>
#include <string>
#include <vector>

#include "byline/status.h"

namespace byline::ingest {

// Thread safety: none; one reader at a time.
class InputStreamBuf : public std::streambuf {
 public:
  // Takes ownership of `fd` (closed at destruction unless it is stdin).
  InputStreamBuf(int fd, uint64_t* bytes_read);
  ~InputStreamBuf() override;
  InputStreamBuf(const InputStreamBuf&) = delete;
  InputStreamBuf& operator=(const InputStreamBuf&) = delete;

  // Empty while all is well; otherwise why reading stopped early (a read
  // error, corrupt or truncated gzip data).
  const std::string& error() const { return error_; }
  bool gzipped() const { return gzipped_; }

 protected:
  int_type underflow() override;

 private:
  bool FillRaw();  // more raw bytes into raw_; false at end of file or error

  int fd_;
  uint64_t* bytes_read_;
  std::vector<char> raw_;
  size_t raw_begin_ = 0, raw_end_ = 0;
  bool raw_eof_ = false;
  bool started_ = false;
  bool gzipped_ = false;
  bool stream_end_ = false;  // inflate reached the end of a gzip member
  z_stream zs_{};
  std::vector<char> out_;
  std::string error_;
};

// An opened input: the stream and its buffer (for error()).
struct OpenedInput {
  std::unique_ptr<InputStreamBuf> buf;
  std::unique_ptr<std::istream> stream;
};

// Opens `path` ("-" for stdin). IOError names the path and the reason.
Result<OpenedInput> OpenInput(const std::string& path, uint64_t* bytes_read);

}  // namespace byline::ingest

#endif  // BYLINE_SRC_INGEST_INPUT_STREAM_H_
