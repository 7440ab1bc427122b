"""The recording kit for volunteers (``invoke audio.kit``): a guide in Vietnamese and the
scripts still to record, most important first, in one zip (research §5.1, "Simplest kit")."""
from __future__ import annotations

import io
import os
import zipfile
from dataclasses import dataclass
from pathlib import Path

from loa.audio.library import CURRENT, SOURCE_TAG, Script, hotline_numbers, recording_status
from loa.audio.spoken import VI_DIGITS, spoken_text
from loa.problems import Problems, ProblemsFound

GUIDE = """HƯỚNG DẪN GHI ÂM — Loa

Cảm ơn anh/chị đã giúp đọc và ghi âm các bài phát thanh phòng, chống mua bán người
bằng tiếng {language}. Bà con không đọc được chữ sẽ nghe giọng nói của anh/chị
trên loa xã, loa biên phòng và trên điện thoại.

CHUẨN BỊ
1. Chọn phòng yên tĩnh: đóng cửa, tắt quạt, tắt ti vi, xa đường và xa gà, chó.
   Phòng có chăn, đệm, rèm thì tiếng đỡ vang hơn.
2. Đọc thử bài một lượt cho quen trước khi ghi.
3. Cầm hoặc đặt điện thoại cách miệng khoảng 20 cm (một gang tay), không thổi
   vào máy, không để tay che micro.

KHI GHI
4. Dùng ứng dụng Ghi âm của điện thoại, hoặc gửi tin nhắn thoại Zalo/WhatsApp.
5. Bấm ghi, chờ 1 giây rồi mới đọc; đọc xong chờ 1 giây rồi mới dừng.
6. Đọc chậm, rõ, giọng bình thường như nói chuyện với một người — không cần to.
7. Đọc số điện thoại đúng như trong bài, từng chữ số một. Bài đã viết sẵn để
   nhắc lại số: hãy đọc cả hai lần.
8. Mỗi bài ghi thành MỘT tệp riêng. Đọc sai thì ghi lại cả bài từ đầu.

GỬI VỀ
9. Đặt tên tệp (hoặc ghi chú kèm tin nhắn) đúng bằng TÊN BÀI trong danh sách
   dưới đây, ví dụ: {example}
10. Gửi tệp như điện thoại đã lưu (m4a, 3gp, amr, ogg, opus, webm, wav, mp3).
    Không cắt, không chỉnh, không nén lại.
11. Gửi kèm họ tên người đọc, và cho biết người đọc ĐỒNG Ý để bài ghi âm được
    phát trên loa và đăng trên trang Loa (nói câu đồng ý trong một tin nhắn
    thoại là đủ).
12. Người điều phối sẽ kiểm tra tự động: tệp quá nhỏ tiếng, bị rè (quá to),
    phần lớn là im lặng, hoặc dài/ngắn khác hẳn bài đọc thì sẽ nhờ ghi lại.

DANH SÁCH BÀI CẦN GHI (bài quan trọng nhất trước)
{listing}
"""


@dataclass(frozen=True)
class Kit:
    """The zip written by :func:`write_kit`, and the ``scripts`` it holds, in order."""

    path: Path
    scripts: tuple[Script, ...]

    def summary(self) -> str:
        """One line for the command to print: where the zip is and how many scripts it holds."""
        return f"Wrote {self.path} ({len(self.scripts)} script(s) to record)."


def _script_sheet(script: Script, tag: str, numbers: dict[str, str], position: int) -> str:
    digits = VI_DIGITS if script.tag == SOURCE_TAG else tuple("0123456789")
    lines = [f"{position:02d}. {script.title}", f"Tên bài (đặt tên tệp): {script.name}", ""]
    if script.tag != tag:
        lines += ["(Bài tiếng Việt — chưa có bản dịch; đọc lại bằng tiếng của anh/chị.)", ""]
    if digits[0] == "0":
        lines += ["(Số điện thoại: đọc từng chữ số bằng tiếng của anh/chị.)", ""]
    lines.append(spoken_text(script.body, numbers, digits))
    return "\n".join(lines) + "\n"


def write_kit(content: Path, tag: str, out: Path, *, language_name: str = "", include_all: bool = False) -> Kit:
    """Write a recording kit for volunteers: ``HUONG-DAN-GHI-AM.txt`` (the guide in Vietnamese,
    from research §5.1: quiet room, phone 20 cm away, say the number twice, one file per script,
    name it after the script, send it back with the speaker's consent) and one ``NN-<name>.txt``
    per script to record, most important first. Only missing and stale scripts unless
    ``include_all``. Raises :class:`~loa.problems.ProblemsFound` when there is nothing to record."""
    content, out = Path(content), Path(out)
    rows = recording_status(content, [tag])[tag]
    chosen = [r.script for r in rows if include_all or r.state != CURRENT]
    if not chosen:
        problems = Problems(root=content.parent)
        problems.add(content / "scripts" / SOURCE_TAG, 1,
                     f"nothing to record in {tag}" + ("" if rows else ": there are no scripts yet"),
                     "add --all to put every script in the kit" if rows else "")
        raise ProblemsFound(problems.items)
    numbers = hotline_numbers(content)
    listing = "\n".join(f"  {i:02d}. {s.name:<28} {s.title}" for i, s in enumerate(chosen, 1))
    guide = GUIDE.format(language=language_name or tag, example=f"{chosen[0].name}.m4a", listing=listing)
    out.parent.mkdir(parents=True, exist_ok=True)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("HUONG-DAN-GHI-AM.txt", guide.replace("\n", "\r\n"))
        for i, script in enumerate(chosen, 1):
            zf.writestr(f"{i:02d}-{script.name}.txt", _script_sheet(script, tag, numbers, i).replace("\n", "\r\n"))
    temp = out.with_name(f".{out.name}.tmp")
    temp.write_bytes(buffer.getvalue())
    os.replace(temp, out)
    return Kit(out, tuple(chosen))
