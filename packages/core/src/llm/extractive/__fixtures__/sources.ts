/** Small hand-written policy pages, as retrieval would hand them to the extractive answer. */
import type { NumberedSource } from "../../../prompt/types";

/** A numbered source from its text, in the order given (n = place + 1). */
export function numbered(pages: readonly { title: string; headingPath?: string[]; text: string }[]): NumberedSource[] {
  return pages.map((page, i) => ({
    n: i + 1,
    chunkId: `chunk-${i + 1}`,
    documentId: `doc-${i + 1}`,
    versionId: `version-${i + 1}`,
    title: page.title,
    url: null,
    headingPath: page.headingPath ?? [],
    text: page.text,
    score: 1 - i / 10,
    scores: { fused: 1 - i / 10 },
  }));
}

export const LEAVE_POLICY = {
  title: "Leave policy",
  headingPath: ["Annual leave"],
  text: `Every full-time employee receives **25 days** of paid annual leave per calendar year. Part-time staff get a pro-rata share based on their contracted hours.

Up to five unused days can be carried over into the next year. Carried-over days expire on 31 March.

## Requesting leave

Book leave in the HR portal at least two weeks before the first day off. Your manager approves or declines the request within three working days.`,
};

export const EXPENSE_POLICY = {
  title: "Expense policy",
  headingPath: ["Claiming expenses"],
  text: `Submit each expense claim in the finance app within 30 days of the purchase. Attach a photo of the receipt to every claim.

| Item | Limit |
|---|---|
| Hotel per night | €150 |

Meals during business travel are reimbursed up to €40 per day. Alcohol is never reimbursed.`,
};

export const VPN_GUIDE = {
  title: "VPN how-to",
  headingPath: ["Connecting from home"],
  text: `To connect to the office network from home:

1. Install the WireGuard client from the software centre.
2. Import the profile that IT emailed you when you joined.
3. Switch the tunnel on and sign in with your \`corp\` account.

If the tunnel drops every few minutes, switch your home router to a 5 GHz network.`,
};

export const PARKING_NOTE = {
  title: "Office facilities",
  headingPath: ["Kitchen"],
  text: `The kitchen on the third floor is cleaned every evening. Please label any food you leave in the fridge with your name and the date.`,
};

export const ENGLISH_SOURCES = numbered([LEAVE_POLICY, EXPENSE_POLICY, VPN_GUIDE, PARKING_NOTE]);

export const VIETNAMESE_SOURCES = numbered([
  {
    title: "Chính sách nghỉ phép",
    headingPath: ["Nghỉ phép năm"],
    text: `Mỗi nhân viên chính thức được hưởng 14 ngày nghỉ phép năm có lương. Nhân viên làm việc trên năm năm được cộng thêm một ngày phép cho mỗi năm công tác.

## Nghỉ ốm

Khi bị ốm, bạn phải báo cho quản lý trực tiếp trước 9 giờ sáng. Nghỉ ốm quá hai ngày liên tiếp cần có giấy xác nhận của bác sĩ.`,
  },
  {
    title: "Quy định công tác phí",
    headingPath: ["Thanh toán chi phí"],
    text: `Hóa đơn công tác phải được nộp cho phòng kế toán trong vòng 15 ngày sau chuyến đi. Tiền ăn trong chuyến công tác được thanh toán tối đa 300.000 đồng mỗi ngày.`,
  },
  {
    title: "Hướng dẫn kết nối VPN",
    headingPath: ["Làm việc từ xa"],
    text: `Để kết nối VPN và truy cập mạng nội bộ từ nhà, hãy cài đặt phần mềm WireGuard trên máy tính. Sau đó nhập tệp cấu hình do phòng IT gửi qua email và đăng nhập bằng tài khoản công ty.`,
  },
]);
