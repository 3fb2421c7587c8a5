//! Makes sure `target/site` exists (so the embed compiles before the first site build) and
//! rebuilds the server whenever the built site changes.
fn main() {
    let site = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../target/site");
    let _ = std::fs::create_dir_all(site.join("pkg"));
    println!("cargo:rerun-if-changed={}", site.display());
    println!("cargo:rerun-if-changed=migrations");
}
