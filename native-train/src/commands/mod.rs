pub mod export;
pub mod info;
pub mod init;
pub mod pretrain;
pub mod translate;
