//! errbook turns an error-code catalog written in Markdown into a typed
//! model, lints it, and renders it as a static reference site.
//!
//! The pipeline runs one way: [`config`] and [`source`] read, [`parse`]
//! builds the [`model`], [`lint`] validates it and [`report`] prints the
//! findings; [`render`] turns the model into pages with the [`theme`], and
//! [`output`] writes them atomically; [`bundle`] packs them for offline
//! use. Commands in [`cmd`] wire the stages together; `main.rs` only
//! dispatches.

pub mod bundle;
pub mod cli;
pub mod cmd;
pub mod config;
pub mod error;
pub mod highlight;
pub mod links;
pub mod lint;
pub mod model;
pub mod output;
pub mod parse;
pub mod project;
pub mod render;
pub mod report;
pub mod rules;
pub mod search;
pub mod serve;
pub mod slug;
pub mod source;
pub mod text;
pub mod theme;
pub mod ui;
