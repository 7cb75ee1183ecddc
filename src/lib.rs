//! errbook turns an error-code catalog written in Markdown into a typed
//! model, lints it, and renders it as a static reference site.
//!
//! The pipeline runs one way. Leaves every stage shares: the [`model`],
//! [`error`], `text`, [`rules`] (the lint registry), `highlight`,
//! [`slug`], `links` and [`ui`]. [`config`] and [`source`] read;
//! [`parse`] builds the model, [`lint`] validates it and [`report`] prints
//! the findings; [`render`] turns the model into pages with the `theme`,
//! `search` indexes it for the CLI and the browser, `output` writes
//! atomically and `bundle` packs the site for offline use. The driver,
//! [`project::Project`], runs the stages for every command; the shell is
//! `serve`, [`cmd`] and [`cli`], and `main.rs` only dispatches.
//!
//! The public modules are what the binary, the tests, the benchmarks and
//! the fuzz targets use; the rest is private to the crate.

#![warn(missing_docs, unreachable_pub)]

mod bundle;
pub mod cli;
pub mod cmd;
pub mod config;
pub mod error;
mod highlight;
mod links;
pub mod lint;
pub mod model;
mod output;
pub mod parse;
pub mod project;
mod raw_html;
pub mod render;
pub mod report;
pub mod rules;
mod search;
mod serve;
pub mod slug;
pub mod source;
mod text;
mod theme;
pub mod ui;
