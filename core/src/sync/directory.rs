//! Fetching a trusted organisation's directory: the file comes from wherever the person was
//! told (the relay's `/v1/directory` or any web server) and is trusted only once its signature
//! checks out against the key this phone pinned ([`crate::Client::take_directory`]).

use super::http::fetch_file;
use crate::error::Result;
use crate::finding::directory::DIRECTORY_MAX_BYTES;
use crate::Client;

/// Fetches a trusted directory's file again and keeps it if it checks out.
pub async fn refresh_directory(client: &Client, org_key: &[u8]) -> Result<()> {
    let url = client.directory_url(org_key)?;
    let file = fetch_file(&url, DIRECTORY_MAX_BYTES).await?;
    client.take_directory(org_key, &file)
}
