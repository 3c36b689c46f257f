"""File kinds by suffix: what an embed or a link to an attachment shows inline."""

from __future__ import annotations

__all__ = ["AUDIO_SUFFIXES", "IMAGE_SUFFIXES", "VIDEO_SUFFIXES"]

IMAGE_SUFFIXES = {".png", ".jpg", ".jpeg", ".gif", ".svg", ".webp", ".bmp", ".avif"}
AUDIO_SUFFIXES = {".mp3", ".wav", ".m4a", ".ogg", ".3gp", ".flac", ".webm"}
VIDEO_SUFFIXES = {".mp4", ".webm", ".ogv", ".mov", ".mkv"}
