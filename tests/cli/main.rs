//! Black-box tests: run the built `lode` on temporary trees and check its
//! exact output, standard error and exit status. One test binary keeps
//! build times low; each module covers one area of the command line.

mod archive;
mod binary;
mod boolean;
mod encoding;
mod errors;
mod files;
mod generate;
mod hyperlink;
mod io;
mod json;
mod long_lines;
mod multiline;
mod output;
mod parity;
mod patterns;
mod pcre2;
mod preprocess;
mod props;
mod stdin;
mod util;
