pub mod export;
pub mod fine_tune;
pub mod info;
pub mod init;
pub mod pretrain;
pub mod translate;
