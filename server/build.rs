//! Makes sure `target/site` exists (so the embed compiles before the first site build), rebuilds
//! a release server whenever the built site changes, and rebuilds on new migrations.
fn main() {
    let site = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../target/site");
    let _ = std::fs::create_dir_all(site.join("pkg"));
    // rust-embed reads the files from disk at run time in debug builds: only a release build
    // holds the site, so only it must rebuild when the site changes (and a debug build can run
    // while the site is being built).
    if std::env::var("PROFILE").as_deref() == Ok("release") {
        println!("cargo:rerun-if-changed={}", site.display());
    }
    println!("cargo:rerun-if-changed=migrations");
}
