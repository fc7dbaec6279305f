// Which Byline a program was built from, for --version and /health.
#ifndef BYLINE_VERSION_H_
#define BYLINE_VERSION_H_

#include <string>

namespace byline {

// The project version (CMake's project(VERSION)), plus what `git describe`
// said at build time when built from a checkout: "0.1.0 (git 0d7396a-dirty)",
// or "0.1.0" from a tarball. Generated at every build by
// cmake/byline_version.cmake.
std::string VersionString();

// The running program, as messages about what it can read name it ("this
// byline-search reads up to format 2"); "Byline" until set. SetUpCommandLine
// sets it.
void SetProgramName(const std::string& program);
const std::string& ProgramName();

}  // namespace byline

#endif  // BYLINE_VERSION_H_
