//! errbook's integration tests, one binary with a module per area (as
//! cargo's and ripgrep's suites are): errbook and the dev-dependencies
//! are linked once, not once per file.
//!
//! `cargo test` runs every module but `browser` and `faults`, which are
//! compiled only with their features: `cargo test --features browser
//! --test testsuite browser::` (headless Chromium and chromedriver; fails
//! without them) and `cargo test --features faults --test testsuite
//! faults::` (mounts tmpfs: root only). `support` holds what the
//! modules share: the errbook runner, `repo()`, the `Project` fixture.

#[cfg(feature = "browser")]
mod browser;
mod build;
mod bundle;
mod catalog_fields;
mod check;
mod errcodes;
mod explain;
#[cfg(feature = "faults")]
mod faults;
mod limits;
mod matcher;
mod parse;
mod properties;
mod repeats;
mod schema;
mod search;
mod serve;
mod shapes;
mod support;
mod words;
