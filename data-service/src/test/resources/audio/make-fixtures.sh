#!/usr/bin/env bash
# Regenerates the tiny test fixtures in this folder (ffmpeg from Debian 12). The tests never run
# this: the outputs are committed. Expected durations in the tests come from `ffprobe -count_packets`
# of these files.
set -euo pipefail
cd "$(dirname "$0")"
F=(ffmpeg -v error -y -bitexact)
tone() { echo "sine=f=$1:d=$2:r=$3"; }
# meta TITLE ARTIST ALBUM GENRE YEAR TRACK: sets the array M of ffmpeg options
meta() { M=(-metadata "title=$1" -metadata "artist=$2" -metadata "album=$3" -metadata "genre=$4" -metadata "date=$5" -metadata "track=$6"); }

# MP3, MPEG-1 Layer III CBR with an ID3v2.4 tag (UTF-8: emoji and right-to-left text)
"${F[@]}" -f lavfi -i "$(tone 440 3 44100)" -ac 1 -c:a libmp3lame -b:a 32k -id3v2_version 4 \
  -metadata "title=Tone ✓ 🎵" -metadata "artist=שלום Artist" -metadata album=Fixtures -metadata genre=Ambient \
  -metadata date=2021 -metadata track=3/12 cbr-id3v24.mp3
# MP3, MPEG-2 Layer III CBR with ID3v2.3 (UTF-16) and an ID3v1 trailer
meta "Quote's \"tone\"" "Robert'); DROP TABLE songs;--" Fixtures Jazz 1999 7
"${F[@]}" -f lavfi -i "$(tone 330 3 22050)" -ac 1 -c:a libmp3lame -b:a 24k -id3v2_version 3 -write_id3v1 1 \
  "${M[@]}" cbr-id3v23-id3v1.mp3
# MP3, MPEG-2.5 Layer III with only an ID3v1.1 tag (ffmpeg writes none without ID3v2: appended here)
# and no Xing/Info frame
"${F[@]}" -f lavfi -i "$(tone 220 2 8000)" -ac 1 -c:a libmp3lame -b:a 8k -id3v2_version 0 -write_xing 0 id3v1-only.mp3
python3 - <<'PY'
def field(s, n): return s.encode('latin-1').ljust(n, b'\0')
tag = b'TAG' + field('Old Tag', 30) + field('V1 Artist', 30) + field('V1 Album', 30) + b'1987' \
    + field('', 28) + bytes([0, 2, 17])  # track 2, genre 17 (Rock)
open('id3v1-only.mp3', 'ab').write(tag)
PY
# MP3, VBR with a Xing header, long enough for three chunks
meta "VBR Tone" "Lame" Fixtures Electronic 2024 1
"${F[@]}" -f lavfi -i "$(tone 523 25 16000)" -ac 1 -c:a libmp3lame -q:a 7 -id3v2_version 4 \
  "${M[@]}" vbr-xing.mp3
# FLAC, two chunks
meta "Flac Tone" "Flac Artist" "Flac Album" Classical 2020 4
"${F[@]}" -f lavfi -i "$(tone 440 12 8000)" -ac 1 -c:a flac -sample_fmt s16 \
  "${M[@]}" tone.flac
# Ogg Vorbis, two chunks
meta "Vorbis Tone" "Vorbis Artist" "Vorbis Album" Folk 2019 5
"${F[@]}" -f lavfi -i "$(tone 440 12 11025)" -ac 1 -c:a libvorbis -q:a 0 \
  "${M[@]}" tone.ogg
# Ogg Opus, three chunks
meta "Opus Tone" "Opus Artist" "Opus Album" Pop 2022 6
"${F[@]}" -f lavfi -i "$(tone 440 25 48000)" -ac 1 -c:a libopus -b:a 6k \
  "${M[@]}" tone.opus
# WAV, 8-bit PCM with a LIST INFO chunk, two chunks
meta "Wave Tone" "Wave Artist" "Wave Album" Blues 2018 8
"${F[@]}" -f lavfi -i "$(tone 440 12 8000)" -ac 1 -c:a pcm_u8 \
  "${M[@]}" tone.wav
ls -l
