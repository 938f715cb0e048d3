use crate::api::*;
use std::sync::Arc;
pub struct Store;
impl Store {
    pub fn open(_p: &std::path::Path) -> Result<Store, ApiError> {
        unimplemented!()
    }
}
pub struct Embedded;
impl Embedded {
    pub fn new(_s: Arc<Store>, _u: String) -> Self {
        Embedded
    }
}
impl Backend for Embedded {
    fn call(&self, _r: Request) -> ApiResult<Response> {
        unimplemented!()
    }
}
pub fn encode_backup(_d: &Dataset) -> Vec<u8> {
    unimplemented!()
}
pub fn decode_backup(_d: &[u8]) -> Result<Dataset, ApiError> {
    unimplemented!()
}
