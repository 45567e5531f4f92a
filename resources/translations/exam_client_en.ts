<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_GB" sourcelanguage="vi_VN">
<context>
    <name>App</name>
    <message>
        <source>Không khởi động được</source>
        <translation>Could not start</translation>
    </message>
    <message>
        <source>máy chủ trình diễn</source>
        <translation>demo server</translation>
    </message>
    <message>
        <source>Đăng ký dự thi THPT</source>
        <translation>Upper-secondary exam registration</translation>
    </message>
</context>
<context>
    <name>AttentionList</name>
    <message>
        <source>Lý do</source>
        <translation>Reason</translation>
    </message>
    <message>
        <source>Phiếu cần xử lý</source>
        <translation>Forms needing attention</translation>
    </message>
    <message>
        <source>Số định danh</source>
        <translation>ID number</translation>
    </message>
    <message>
        <source>Thí sinh</source>
        <translation>Candidate</translation>
    </message>
    <message>
        <source>Trạng thái</source>
        <translation>Status</translation>
    </message>
</context>
<context>
    <name>BatchLookupDialog</name>
    <message>
        <source>%1: trường ghi “%2”, CSDL dân cư ghi “%3”</source>
        <translation>%1: the school has “%2”, the population database has “%3”</translation>
    </message>
    <message>
        <source>&amp;Bắt đầu</source>
        <translation>&amp;Start</translation>
    </message>
    <message>
        <source>&amp;Dừng</source>
        <translation>&amp;Stop</translation>
    </message>
    <message>
        <source>Bắt đầu tra cứu</source>
        <translation>Start the look-up</translation>
    </message>
    <message>
        <source>Chi tiết</source>
        <translation>Details</translation>
    </message>
    <message>
        <source>Chưa có số định danh nào. Hãy dán các số cần tra cứu.</source>
        <translation>No ID numbers yet. Paste the numbers to look up.</translation>
    </message>
    <message>
        <source>Chưa tra cứu được</source>
        <translation>Look-up failed</translation>
    </message>
    <message>
        <source>Các số định danh cần tra cứu</source>
        <translation>ID numbers to look up</translation>
    </message>
    <message>
        <source>Dán các số định danh (mỗi số một dòng, hoặc cách nhau bởi dấu phẩy) rồi bấm Bắt đầu.</source>
        <translation>Paste the ID numbers (one per line, or separated by commas), then press Start.</translation>
    </message>
    <message>
        <source>Dừng tra cứu</source>
        <translation>Stop the look-up</translation>
    </message>
    <message>
        <source>Giới tính</source>
        <translation>Gender</translation>
    </message>
    <message>
        <source>Hệ thống dân cư yêu cầu chậm lại %1 lần; đã tự chờ và thử lại.</source>
        <translation>The population system asked us to slow down %1 times; we waited and retried automatically.</translation>
    </message>
    <message>
        <source>Họ tên</source>
        <translation>Full name</translation>
    </message>
    <message>
        <source>Họ và tên</source>
        <translation>Full name</translation>
    </message>
    <message>
        <source>Khác hồ sơ</source>
        <translation>Differs from record</translation>
    </message>
    <message>
        <source>Không tìm thấy</source>
        <translation>Not found</translation>
    </message>
    <message>
        <source>Khớp</source>
        <translation>Matches</translation>
    </message>
    <message>
        <source>Kết quả</source>
        <translation>Results</translation>
    </message>
    <message>
        <source>Kết quả tra cứu</source>
        <translation>Look-up result</translation>
    </message>
    <message>
        <source>Ngày sinh</source>
        <translation>Date of birth</translation>
    </message>
    <message>
        <source>Số không hợp lệ</source>
        <translation>Invalid number</translation>
    </message>
    <message>
        <source>Số định danh</source>
        <translation>ID number</translation>
    </message>
    <message>
        <source>Tiến độ tra cứu</source>
        <translation>Look-up progress</translation>
    </message>
    <message>
        <source>Tra cứu %1 thí sinh đã chọn trong Cơ sở dữ liệu quốc gia về dân cư và đối chiếu họ tên, ngày sinh với hồ sơ của trường.</source>
        <translation>Look up the %1 selected candidates in the National Population Database and compare their names and dates of birth with the school&apos;s records.</translation>
    </message>
    <message>
        <source>Tra cứu bị gián đoạn: %1</source>
        <translation>The look-up was interrupted: %1</translation>
    </message>
    <message>
        <source>Tra cứu hàng loạt</source>
        <translation>Batch look-up</translation>
    </message>
    <message>
        <source>Tối đa %1 số một lần. Hãy chia danh sách thành nhiều lần.</source>
        <translation>At most %1 numbers at a time. Split the list into several batches.</translation>
    </message>
    <message>
        <source>Đang tra cứu… (có thể dừng bất cứ lúc nào)</source>
        <translation>Looking up… (you can stop at any time)</translation>
    </message>
    <message>
        <source>Đã dừng tra cứu. Bấm Bắt đầu để tra cứu lại.</source>
        <translation>Look-up stopped. Press Start to look up again.</translation>
    </message>
    <message>
        <source>Đã tra cứu %1 số: %2 có trong CSDL dân cư (%3 khác với hồ sơ của trường), %4 không tìm thấy, %5 chưa tra cứu được.</source>
        <translation>Looked up %1 numbers: %2 found in the population database (%3 differ from the school&apos;s records), %4 not found, %5 not yet looked up.</translation>
    </message>
    <message>
        <source>Đó&amp;ng</source>
        <translation>&amp;Close</translation>
    </message>
</context>
<context>
    <name>CandidateTableModel</name>
    <message>
        <source>%1 lỗi; xem bảng Đồng bộ để biết chi tiết.</source>
        <translation>%1 errors; see the Sync panel for details.</translation>
    </message>
    <message>
        <source>Số định danh được che bớt; mở hồ sơ để xem đầy đủ.</source>
        <translation>The ID number is partly hidden; open the record to see it in full.</translation>
    </message>
</context>
<context>
    <name>CandidatesPanel</name>
    <message>
        <source>%1 thí sinh</source>
        <translation>%1 candidates</translation>
    </message>
    <message>
        <source>&amp;Lớp:</source>
        <translation>C&amp;lass:</translation>
    </message>
    <message>
        <source>&amp;Trạng thái:</source>
        <translation>S&amp;tatus:</translation>
    </message>
    <message>
        <source>Chưa đồng bộ</source>
        <translation>Not synced</translation>
    </message>
    <message>
        <source>Chỉ thí sinh chưa đồng bộ</source>
        <translation>Only candidates not yet synced</translation>
    </message>
    <message>
        <source>Chỉ thí sinh có lỗi</source>
        <translation>Only candidates with errors</translation>
    </message>
    <message>
        <source>Có lỗi</source>
        <translation>Has errors</translation>
    </message>
    <message>
        <source>Danh sách thí sinh</source>
        <translation>Candidate list</translation>
    </message>
    <message>
        <source>Hiển thị %1 / %2 thí sinh</source>
        <translation>Showing %1 / %2 candidates</translation>
    </message>
    <message>
        <source>Không tải được danh sách thí sinh: %1. Hãy thử tải lại.</source>
        <translation>Could not load the candidate list: %1. Please try reloading.</translation>
    </message>
    <message>
        <source>Lọc theo lớp</source>
        <translation>Filter by class</translation>
    </message>
    <message>
        <source>Lọc theo trạng thái</source>
        <translation>Filter by status</translation>
    </message>
    <message>
        <source>Thí sinh của trường</source>
        <translation>The school&apos;s candidates</translation>
    </message>
    <message>
        <source>Tìm theo tên (không cần dấu), số định danh hoặc lớp… (Ctrl+F)</source>
        <translation>Search by name (diacritics optional), ID number or class… (Ctrl+F)</translation>
    </message>
    <message>
        <source>Tìm thí sinh</source>
        <translation>Find candidates</translation>
    </message>
    <message>
        <source>Tất cả</source>
        <translation>All</translation>
    </message>
    <message>
        <source>Đang tải danh sách thí sinh…</source>
        <translation>Loading the candidate list…</translation>
    </message>
    <message>
        <source>Đã chọn %1</source>
        <translation>%1 selected</translation>
    </message>
</context>
<context>
    <name>ChangePasswordScreen</name>
    <message>
        <source>Chưa kết nối được tới máy chủ. Hãy đợi một lát rồi thử lại.</source>
        <translation>Could not connect to the server yet. Please wait a moment and try again.</translation>
    </message>
    <message>
        <source>Chưa đổi được mật khẩu. Hãy thử lại sau ít phút.</source>
        <translation>Could not change the password yet. Please try again in a few minutes.</translation>
    </message>
    <message>
        <source>Hai lần nhập mật khẩu mới chưa giống nhau.</source>
        <translation>The two entries of the new password do not match yet.</translation>
    </message>
    <message>
        <source>Hệ thống chưa cho phép đổi mật khẩu tại ki-ốt. Bạn vẫn có thể tiếp tục; hãy đổi mật khẩu trên cổng thông tin của Bộ sau.</source>
        <translation>The system does not yet allow changing passwords at the kiosk. You can still continue; please change your password on the Ministry&apos;s portal later.</translation>
    </message>
    <message>
        <source>Mật khẩu hiện tại</source>
        <translation>Current password</translation>
    </message>
    <message>
        <source>Mật khẩu hiện tại không đúng.</source>
        <translation>The current password is incorrect.</translation>
    </message>
    <message>
        <source>Mật khẩu mới</source>
        <translation>New password</translation>
    </message>
    <message>
        <source>Mật khẩu mới không được chứa số CCCD.</source>
        <translation>The new password must not contain the citizen ID number.</translation>
    </message>
    <message>
        <source>Mật khẩu mới phải có cả chữ và số.</source>
        <translation>The new password must contain both letters and digits.</translation>
    </message>
    <message>
        <source>Mật khẩu mới phải có ít nhất 8 ký tự.</source>
        <translation>The new password must be at least 8 characters long.</translation>
    </message>
    <message>
        <source>Mật khẩu mới phải khác mật khẩu cũ.</source>
        <translation>The new password must be different from the old one.</translation>
    </message>
    <message>
        <source>Mật khẩu trường cấp chỉ dùng cho lần đăng nhập đầu tiên. Hãy chọn mật khẩu riêng (ít nhất 8 ký tự, có cả chữ và số) và không cho ai biết.</source>
        <translation>The password from your school is for the first sign-in only. Choose your own password (at least 8 characters, with both letters and digits) and keep it to yourself.</translation>
    </message>
    <message>
        <source>Nhập lại mật khẩu mới</source>
        <translation>Re-enter the new password</translation>
    </message>
    <message>
        <source>Tiếp tục</source>
        <translation>Continue</translation>
    </message>
    <message>
        <source>Đang đổi…</source>
        <translation>Changing…</translation>
    </message>
    <message>
        <source>Đã đổi mật khẩu. Hãy ghi nhớ mật khẩu mới.</source>
        <translation>Password changed. Remember your new password.</translation>
    </message>
    <message>
        <source>Đổi mật khẩu</source>
        <translation>Change password</translation>
    </message>
    <message>
        <source>Đổi mật khẩu lần đầu</source>
        <translation>Change your password (first sign-in)</translation>
    </message>
</context>
<context>
    <name>CitizenLookupPanel</name>
    <message>
        <source>12 chữ số, ví dụ 001208012345</source>
        <translation>12 digits, e.g. 001208012345</translation>
    </message>
    <message>
        <source>Dân tộc</source>
        <translation>Ethnicity</translation>
    </message>
    <message>
        <source>Giới tính</source>
        <translation>Gender</translation>
    </message>
    <message>
        <source>Lỗi không mong đợi (%1). Hãy thử lại.</source>
        <translation>Unexpected error (%1). Please try again.</translation>
    </message>
    <message>
        <source>Lỗi số định danh</source>
        <translation>ID number error</translation>
    </message>
    <message>
        <source>Nguồn: Cơ sở dữ liệu quốc gia về dân cư, tra cứu lúc %1.</source>
        <translation>Source: National Population Database, looked up at %1.</translation>
    </message>
    <message>
        <source>Nguồn: dữ liệu đã lưu trên máy, tra cứu lúc %1.</source>
        <translation>Source: data saved on this computer, looked up at %1.</translation>
    </message>
    <message>
        <source>Ngày sinh</source>
        <translation>Date of birth</translation>
    </message>
    <message>
        <source>Nơi thường trú</source>
        <translation>Permanent residence</translation>
    </message>
    <message>
        <source>Nơi đăng ký khai sinh</source>
        <translation>Place of birth registration</translation>
    </message>
    <message>
        <source>Số &amp;định danh cá nhân (CCCD):</source>
        <translation>Personal &amp;ID number (CCCD):</translation>
    </message>
    <message>
        <source>Số định danh</source>
        <translation>ID number</translation>
    </message>
    <message>
        <source>Số định danh cá nhân (CCCD)</source>
        <translation>Personal ID number (CCCD)</translation>
    </message>
    <message>
        <source>Tra cứu</source>
        <translation>Look up</translation>
    </message>
    <message>
        <source>Tra cứu công dân</source>
        <translation>Citizen look-up</translation>
    </message>
    <message>
        <source>Đang ngoại tuyến — dữ liệu lưu trên máy từ %1 (%2). Có thể đã thay đổi; hãy tra cứu lại khi có mạng.</source>
        <translation>Offline — data saved on this computer at %1 (%2). It may have changed; look it up again when the network is back.</translation>
    </message>
    <message>
        <source>Đang tra cứu…</source>
        <translation>Looking up…</translation>
    </message>
    <message>
        <source>Đối chiếu với Cơ sở dữ liệu quốc gia về dân cư theo số định danh cá nhân</source>
        <translation>Check against the National Population Database by personal ID number</translation>
    </message>
</context>
<context>
    <name>ColumnsPage</name>
    <message>
        <source>Bước 2/4 — Ghép cột</source>
        <translation>Step 2/4 — Match columns</translation>
    </message>
    <message>
        <source>Bấm Quay lại để chọn tệp khác.</source>
        <translation>Press Back to choose another file.</translation>
    </message>
    <message>
        <source>Các cột của tệp đã được nhận ra tự động. Nếu cột nào sai, hãy chọn lại; lựa chọn được lưu cho các lần nhập sau của trường.</source>
        <translation>The file&apos;s columns were recognised automatically. If a column is wrong, choose again; your choice is remembered for the school&apos;s next imports.</translation>
    </message>
    <message>
        <source>Cột cho tiêu đề %1</source>
        <translation>Column for heading %1</translation>
    </message>
    <message>
        <source>Ghép cột của tệp</source>
        <translation>Match the file&apos;s columns</translation>
    </message>
    <message>
        <source>Không đọc được tệp. Bấm Quay lại để chọn tệp khác.</source>
        <translation>The file could not be read. Press Back to choose another file.</translation>
    </message>
    <message>
        <source>Là cột</source>
        <translation>Is column</translation>
    </message>
    <message>
        <source>Nhận ra %1 cột. Cột không có trong bảng này sẽ được bỏ qua.</source>
        <translation>%1 columns recognised. Columns not in this table will be ignored.</translation>
    </message>
    <message>
        <source>Tiêu đề trong tệp</source>
        <translation>Heading in the file</translation>
    </message>
    <message>
        <source>Đang đọc dòng tiêu đề…</source>
        <translation>Reading the heading row…</translation>
    </message>
</context>
<context>
    <name>CommitPage</name>
    <message>
        <source>Bước 4/4 — Kết quả</source>
        <translation>Step 4/4 — Result</translation>
    </message>
    <message>
        <source>Nhập không thành công: %1</source>
        <translation>Import failed: %1</translation>
    </message>
    <message>
        <source>Tiến độ nhập</source>
        <translation>Import progress</translation>
    </message>
    <message>
        <source>Đang lưu các dòng…</source>
        <translation>Saving the rows…</translation>
    </message>
    <message>
        <source>Đã lưu %1 thí sinh hợp lệ và %2 bản nháp còn lỗi (sửa trong danh sách thí sinh); %3 dòng không đổi; %4 dòng bị từ chối (xem báo cáo, sửa trong tệp rồi nhập lại).</source>
        <translation>Saved %1 valid candidates and %2 drafts with errors (correct them in the candidate list); %3 rows unchanged; %4 rows rejected (see the report, correct them in the file and import again).</translation>
    </message>
</context>
<context>
    <name>ConfirmationPage</name>
    <message>
        <source>%1 ngày %2</source>
        <translation>%1 on %2</translation>
    </message>
    <message>
        <source>Biên lai xác nhận đã được tạo (in nếu ki-ốt có máy in).</source>
        <translation>The confirmation receipt has been created (and printed if the kiosk has a printer).</translation>
    </message>
    <message>
        <source>Bạn chỉ có thể xác nhận ngành đã trúng tuyển ở trên. Chạm “Xác nhận nhập học” để tiếp tục; bạn sẽ được hỏi lại một lần nữa.</source>
        <translation>You can only confirm the programme you were admitted to, shown above. Tap “Confirm enrolment” to continue; you will be asked once more.</translation>
    </message>
    <message>
        <source>Bạn có chắc chắn muốn xác nhận nhập học ngành này không?</source>
        <translation>Are you sure you want to confirm enrolment in this programme?</translation>
    </message>
    <message>
        <source>Chưa tải được kết quả: %1</source>
        <translation>Could not load the results: %1</translation>
    </message>
    <message>
        <source>Chưa xác nhận được: %1</source>
        <translation>Not confirmed: %1</translation>
    </message>
    <message>
        <source>Chưa, quay lại</source>
        <translation>Not yet, go back</translation>
    </message>
    <message>
        <source>Hạn xác nhận: %1. Không xác nhận đúng hạn được coi là từ chối nhập học.</source>
        <translation>Confirmation deadline: %1. Not confirming in time counts as declining the place.</translation>
    </message>
    <message>
        <source>In biên lai</source>
        <translation>Print receipt</translation>
    </message>
    <message>
        <source>In biên lai xác nhận nhập học</source>
        <translation>Print the enrolment confirmation receipt</translation>
    </message>
    <message>
        <source>Không xác nhận lúc này</source>
        <translation>Do not confirm now</translation>
    </message>
    <message>
        <source>Ngành %1 (%2) — %3, nguyện vọng NV%4</source>
        <translation>Programme %1 (%2) — %3, preference P%4</translation>
    </message>
    <message>
        <source>Thời gian còn lại để xác nhận: %1</source>
        <translation>Time left to confirm: %1</translation>
    </message>
    <message>
        <source>Tôi hiểu, xác nhận</source>
        <translation>I understand, confirm</translation>
    </message>
    <message>
        <source>Tải lại</source>
        <translation>Reload</translation>
    </message>
    <message>
        <source>Tải lại kết quả xét tuyển</source>
        <translation>Reload the admission result</translation>
    </message>
    <message>
        <source>Xác nhận nhập học</source>
        <translation>Confirm enrolment</translation>
    </message>
    <message>
        <source>Xác nhận nhập học là quyết định cuối cùng: sau khi xác nhận, bạn không thể huỷ hay đổi sang ngành khác trên hệ thống và sẽ không được xét tuyển bổ sung.</source>
        <translation>Confirming enrolment is final: once confirmed, you cannot cancel or switch to another programme in the system, and you will not be considered in additional admission rounds.</translation>
    </message>
    <message>
        <source>Xác nhận nhập học lần cuối, không thể huỷ</source>
        <translation>Confirm enrolment for good; this cannot be undone</translation>
    </message>
    <message>
        <source>Xác nhận nhập học trực tuyến</source>
        <translation>Online enrolment confirmation</translation>
    </message>
    <message>
        <source>Xác nhận nhập học, bước 1 trên 2</source>
        <translation>Confirm enrolment, step 1 of 2</translation>
    </message>
    <message>
        <source>Đang gửi xác nhận…</source>
        <translation>Sending the confirmation…</translation>
    </message>
    <message>
        <source>Đang tải kết quả xét tuyển…</source>
        <translation>Loading the admission result…</translation>
    </message>
    <message>
        <source>Đã xác nhận — đây là quyết định cuối cùng, không thể thay đổi tại ki-ốt.</source>
        <translation>Confirmed — this is a final decision and cannot be changed at the kiosk.</translation>
    </message>
</context>
<context>
    <name>ConflictDialog</name>
    <message>
        <source>%1 mục khác nhau: giữ %2 bản trên máy này, %3 bản trên máy chủ</source>
        <translation>%1 items differ: keeping %2 from this computer, %3 from the server</translation>
    </message>
    <message>
        <source>%1 đã sửa phiếu này trên máy chủ lúc %2 (phiên bản %3) trong khi máy này cũng sửa. Các mục khác nhau được đánh dấu ≠. Với mỗi mục, hãy đánh dấu bản muốn giữ (phím cách), rồi bấm “Gửi lại”. Chưa có gì thay đổi cho đến khi gửi.</source>
        <translation>%1 edited this form on the server at %2 (version %3) while this computer was editing it too. The items that differ are marked ≠. For each item, mark the version to keep (Space), then press “Send again”. Nothing changes until you send.</translation>
    </message>
    <message>
        <source>&amp;Gửi lại</source>
        <translation>&amp;Send again</translation>
    </message>
    <message>
        <source>Bản trên máy chủ</source>
        <translation>Server version</translation>
    </message>
    <message>
        <source>Bản trên máy này</source>
        <translation>This computer&apos;s version</translation>
    </message>
    <message>
        <source>Chưa gửi được: %1. Lựa chọn của bạn vẫn còn; hãy thử lại.</source>
        <translation>Not sent yet: %1. Your choices are kept; please try again.</translation>
    </message>
    <message>
        <source>Chưa gửi: bản ghép theo lựa chọn này vi phạm quy định. Hãy chọn lại ở các mục được tô đỏ:
%1</source>
        <translation>Not sent: merging with these choices breaks the rules. Please choose again in the items highlighted in red:
%1</translation>
    </message>
    <message>
        <source>Giữ tất cả bản trên &amp;máy này</source>
        <translation>Keep all of this &amp;computer&apos;s versions</translation>
    </message>
    <message>
        <source>Giữ tất cả bản trên máy này</source>
        <translation>Keep all of this computer&apos;s versions</translation>
    </message>
    <message>
        <source>Gửi lại bản đã chọn</source>
        <translation>Send the chosen versions again</translation>
    </message>
    <message>
        <source>Hai bản khác nhau ở mục này</source>
        <translation>The two versions differ in this item</translation>
    </message>
    <message>
        <source>Huỷ</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>Không ghép được hai bản theo lựa chọn này. Hãy chọn cùng một bản cho các mục liên quan đến nhau, hoặc giữ tất cả một bản.</source>
        <translation>The two versions cannot be merged with these choices. Choose the same version for related items, or keep everything from one version.</translation>
    </message>
    <message>
        <source>Lấy tất cả bản trên máy &amp;chủ</source>
        <translation>Take all of the &amp;server&apos;s versions</translation>
    </message>
    <message>
        <source>Lấy tất cả bản trên máy chủ</source>
        <translation>Take all of the server&apos;s versions</translation>
    </message>
    <message>
        <source>Mục</source>
        <translation>Item</translation>
    </message>
    <message>
        <source>Phiếu của %1 đã được sửa ở hai nơi</source>
        <translation>%1&apos;s form was edited in two places</translation>
    </message>
    <message>
        <source>So sánh hai bản của phiếu, từng mục</source>
        <translation>Compare the two versions of the form, item by item</translation>
    </message>
    <message>
        <source>Xử lý xung đột — %1</source>
        <translation>Resolve conflicts — %1</translation>
    </message>
</context>
<context>
    <name>ContactSection</name>
    <message>
        <source>&amp;Email:</source>
        <translation>&amp;Email:</translation>
    </message>
    <message>
        <source>Liên hệ (mục 7, 8)</source>
        <translation>Contact details (items 7, 8)</translation>
    </message>
    <message>
        <source>Số nhà, đường, xã/phường, tỉnh/thành phố</source>
        <translation>House number, street, commune/ward, province/city</translation>
    </message>
    <message>
        <source>Số điện thoại liên hệ</source>
        <translation>Contact phone number</translation>
    </message>
    <message>
        <source>Thư điện tử</source>
        <translation>Email</translation>
    </message>
    <message>
        <source>ví dụ 0912 345 678</source>
        <translation>e.g. 0912 345 678</translation>
    </message>
    <message>
        <source>Điện t&amp;hoại:</source>
        <translation>&amp;Phone:</translation>
    </message>
    <message>
        <source>Địa chỉ &amp;liên hệ:</source>
        <translation>Contact &amp;address:</translation>
    </message>
    <message>
        <source>Địa chỉ liên hệ</source>
        <translation>Contact address</translation>
    </message>
</context>
<context>
    <name>CrashDialog</name>
    <message>
        <source>Dữ liệu đã lưu vẫn an toàn; hồ sơ chưa đồng bộ vẫn nằm trong hàng đợi và sẽ được gửi khi mở lại ứng dụng. Những gì đang nhập dở trong cửa sổ hiện tại có thể chưa được lưu.

Báo cáo lỗi đã được ghi vào: %1

Nếu lỗi lặp lại, hãy bấm “Xuất gói chẩn đoán” và gửi tệp đó cho bộ phận hỗ trợ kỹ thuật của trường.</source>
        <translation>Saved data is safe; forms not yet synced are still in the queue and will be sent when you reopen the app. Anything half-entered in the current window may not have been saved.

The error report was written to: %1

If the error happens again, press “Export diagnostics package” and send that file to your school&apos;s technical support.</translation>
    </message>
    <message>
        <source>Ứng dụng gặp lỗi</source>
        <translation>The app has run into an error</translation>
    </message>
    <message>
        <source>Ứng dụng gặp lỗi và cần đóng lại</source>
        <translation>The app has run into an error and needs to close</translation>
    </message>
</context>
<context>
    <name>DemoClockControl</name>
    <message>
        <source>Demo</source>
        <translation>Demo</translation>
    </message>
    <message>
        <source>Demo: chuyển đồng hồ sang giai đoạn tiếp theo (%1)</source>
        <translation>Demo: move the clock to the next phase (%1)</translation>
    </message>
    <message>
        <source>Giai đoạn tiếp theo</source>
        <translation>Next phase</translation>
    </message>
    <message>
        <source>Không chỉnh được đồng hồ demo: %1</source>
        <translation>Could not adjust the demo clock: %1</translation>
    </message>
    <message>
        <source>Đang chỉnh đồng hồ demo…</source>
        <translation>Adjusting the demo clock…</translation>
    </message>
    <message>
        <source>Đến: %1</source>
        <translation>To: %1</translation>
    </message>
    <message>
        <source>Đồng hồ demo: %1 — %2</source>
        <translation>Demo clock: %1 — %2</translation>
    </message>
    <message>
        <source>Đồng hồ demo: sang giai đoạn tiếp theo</source>
        <translation>Demo clock: go to the next phase</translation>
    </message>
</context>
<context>
    <name>DiagnosticsDialog</name>
    <message>
        <source>&amp;Xuất gói chẩn đoán</source>
        <translation>&amp;Export diagnostics package</translation>
    </message>
    <message>
        <source>Không xuất được gói chẩn đoán (%1). Hãy chọn một thư mục khác, ví dụ Desktop, rồi bấm lại “Xuất gói chẩn đoán”.</source>
        <translation>Could not export the diagnostics package (%1). Choose another folder, such as the Desktop, then press “Export diagnostics package” again.</translation>
    </message>
    <message>
        <source>Lưu gói chẩn đoán</source>
        <translation>Save diagnostics package</translation>
    </message>
    <message>
        <source>Tệp nén ZIP (*.zip)</source>
        <translation>ZIP archives (*.zip)</translation>
    </message>
    <message>
        <source>Xuất gói chẩn đoán cho bộ phận kỹ thuật</source>
        <translation>Export a diagnostics package for technical support</translation>
    </message>
    <message>
        <source>Đang xuất gói chẩn đoán…</source>
        <translation>Exporting the diagnostics package…</translation>
    </message>
    <message>
        <source>Đã lưu gói chẩn đoán: %1
Hãy gửi tệp này cho bộ phận hỗ trợ kỹ thuật. Tệp không chứa dữ liệu thí sinh.</source>
        <translation>Diagnostics package saved: %1
Send this file to technical support. It contains no candidate data.</translation>
    </message>
    <message>
        <source>Đóng</source>
        <translation>Close</translation>
    </message>
    <message>
        <source>Đóng thông báo</source>
        <translation>Close message</translation>
    </message>
</context>
<context>
    <name>DiagnosticsExportDialog</name>
    <message>
        <source>Gói chẩn đoán cho bộ phận kỹ thuật</source>
        <translation>Diagnostics package for technical support</translation>
    </message>
    <message>
        <source>Gói chẩn đoán giúp bộ phận kỹ thuật tìm nguyên nhân lỗi. Gói gồm nhật ký hoạt động (số định danh đã được che), các báo cáo lỗi, phiên bản phần mềm, cấu hình đang dùng và số bản ghi của dữ liệu cục bộ.

Gói không chứa cơ sở dữ liệu, mật khẩu hay bất kỳ dữ liệu nào của thí sinh.</source>
        <translation>The diagnostics package helps technical support find the cause of an error. It contains the activity logs (with ID numbers masked), the error reports, the software versions, the configuration in use and the record counts of the local data.

The package contains no database, no passwords and no candidate data at all.</translation>
    </message>
    <message>
        <source>Xuất gói chẩn đoán</source>
        <translation>Export diagnostics package</translation>
    </message>
</context>
<context>
    <name>ExamSection</name>
    <message>
        <source> (bắt buộc)</source>
        <translation> (required)</translation>
    </message>
    <message>
        <source>&amp;Mục đích:</source>
        <translation>&amp;Purpose:</translation>
    </message>
    <message>
        <source>&amp;Ngoại ngữ:</source>
        <translation>&amp;Foreign language:</translation>
    </message>
    <message>
        <source>(không thi ngoại ngữ)</source>
        <translation>(no foreign-language exam)</translation>
    </message>
    <message>
        <source>C&amp;hương trình:</source>
        <translation>C&amp;urriculum:</translation>
    </message>
    <message>
        <source>Chương trình GDPT 2006</source>
        <translation>2006 general education curriculum</translation>
    </message>
    <message>
        <source>Chương trình GDPT 2018</source>
        <translation>2018 general education curriculum</translation>
    </message>
    <message>
        <source>Chương trình học</source>
        <translation>Curriculum</translation>
    </message>
    <message>
        <source>Chỉ xét tuyển sinh</source>
        <translation>Admission only</translation>
    </message>
    <message>
        <source>Chỉ xét tốt nghiệp</source>
        <translation>Graduation only</translation>
    </message>
    <message>
        <source>Môn %1</source>
        <translation>Subject %1</translation>
    </message>
    <message>
        <source>Môn đăng &amp;ký:</source>
        <translation>Registered &amp;subjects:</translation>
    </message>
    <message>
        <source>Môn đăng ký dự thi</source>
        <translation>Subjects registered for the exam</translation>
    </message>
    <message>
        <source>Mục đích dự thi</source>
        <translation>Purpose of sitting the exam</translation>
    </message>
    <message>
        <source>Thứ tiếng ngoại ngữ</source>
        <translation>Foreign language</translation>
    </message>
    <message>
        <source>Xét tốt nghiệp và tuyển sinh</source>
        <translation>Graduation and admission</translation>
    </message>
    <message>
        <source>Đăng ký dự thi (mục 9, 11)</source>
        <translation>Exam registration (items 9, 11)</translation>
    </message>
    <message>
        <source>Đối &amp;tượng dự thi:</source>
        <translation>Candidate &amp;category:</translation>
    </message>
    <message>
        <source>Đối tượng dự thi</source>
        <translation>Candidate category</translation>
    </message>
</context>
<context>
    <name>ExemptionSection</name>
    <message>
        <source>&amp;Kết quả:</source>
        <translation>&amp;Result:</translation>
    </message>
    <message>
        <source>Bậc/trình độ trên chứng chỉ</source>
        <translation>Level on the certificate</translation>
    </message>
    <message>
        <source>Chứng &amp;chỉ:</source>
        <translation>&amp;Certificate:</translation>
    </message>
    <message>
        <source>Có hạn &amp;đến:</source>
        <translation>Valid &amp;until:</translation>
    </message>
    <message>
        <source>Loại chứng chỉ ngoại ngữ</source>
        <translation>Type of foreign-language certificate</translation>
    </message>
    <message>
        <source>Miễn thi ngoại ngữ (mục 12)</source>
        <translation>Foreign-language exam exemption (item 12)</translation>
    </message>
    <message>
        <source>Ngày hết hạn chứng chỉ</source>
        <translation>Certificate expiry date</translation>
    </message>
    <message>
        <source>ví dụ 5,5</source>
        <translation>e.g. 5.5</translation>
    </message>
    <message>
        <source>Điểm kỹ năng %1</source>
        <translation>%1 skill score</translation>
    </message>
    <message>
        <source>Điểm trên chứng chỉ</source>
        <translation>Score on the certificate</translation>
    </message>
    <message>
        <source>Đề nghị &amp;miễn thi ngoại ngữ bằng chứng chỉ</source>
        <translation>Request a foreign-language &amp;exemption by certificate</translation>
    </message>
    <message>
        <source>Đề nghị miễn thi ngoại ngữ</source>
        <translation>Request a foreign-language exemption</translation>
    </message>
</context>
<context>
    <name>FilePage</name>
    <message>
        <source>&amp;Chọn tệp…</source>
        <translation>&amp;Choose file…</translation>
    </message>
    <message>
        <source>&amp;Tệp danh sách:</source>
        <translation>&amp;List file:</translation>
    </message>
    <message>
        <source>Bước 1/4 — Chọn tệp</source>
        <translation>Step 1/4 — Choose file</translation>
    </message>
    <message>
        <source>Bảng tính (*.xlsx *.csv);;Tất cả các tệp (*)</source>
        <translation>Spreadsheets (*.xlsx *.csv);;All files (*)</translation>
    </message>
    <message>
        <source>Chọn tệp Excel (.xlsx) hoặc CSV chứa danh sách thí sinh của trường. Chưa có gì được ghi cho tới khi bạn xem báo cáo chạy thử và bấm Nhập.</source>
        <translation>Choose the Excel (.xlsx) or CSV file with the school&apos;s candidate list. Nothing is saved until you have seen the trial-run report and pressed Import.</translation>
    </message>
    <message>
        <source>Chọn tệp danh sách</source>
        <translation>Choose list file</translation>
    </message>
    <message>
        <source>Chọn tệp danh sách thí sinh</source>
        <translation>Choose the candidate list file</translation>
    </message>
    <message>
        <source>Ví dụ: D:\Danh sach\12A1.xlsx</source>
        <translation>For example: D:\Danh sach\12A1.xlsx</translation>
    </message>
    <message>
        <source>Đường dẫn tệp danh sách thí sinh</source>
        <translation>Path of the candidate list file</translation>
    </message>
</context>
<context>
    <name>Formatting</name>
    <message>
        <source>%1 giờ trước</source>
        <translation>%1 hours ago</translation>
    </message>
    <message>
        <source>%1 ngày %2</source>
        <translation>%1 on %2</translation>
    </message>
    <message>
        <source>%1 ngày trước</source>
        <translation>%1 days ago</translation>
    </message>
    <message>
        <source>%1 phút trước</source>
        <translation>%1 minutes ago</translation>
    </message>
    <message>
        <source>1 giờ trước</source>
        <translation>1 hour ago</translation>
    </message>
    <message>
        <source>1 ngày trước</source>
        <translation>1 day ago</translation>
    </message>
    <message>
        <source>1 phút trước</source>
        <translation>1 minute ago</translation>
    </message>
    <message>
        <source>vừa xong</source>
        <translation>just now</translation>
    </message>
</context>
<context>
    <name>HeldListOffer</name>
    <message>
        <source>Bỏ danh sách chưa lưu và dùng danh sách trên hệ thống</source>
        <translation>Discard the unsaved list and use the list in the system</translation>
    </message>
    <message>
        <source>Bỏ, dùng danh sách trên hệ thống</source>
        <translation>Discard, use the list in the system</translation>
    </message>
    <message numerus="yes">
        <source>Danh sách nguyện vọng chưa lưu của bạn đã được giữ lại (%n nguyện vọng) khi phiên đăng nhập kết thúc. Bạn muốn khôi phục để kiểm tra rồi lưu, hay bỏ đi?</source>
        <translation>
            <numerusform>Your unsaved preference list was kept (%n preference) when your session ended. Do you want to restore it, check it and save it, or discard it?</numerusform>
            <numerusform>Your unsaved preference list was kept (%n preferences) when your session ended. Do you want to restore it, check it and save it, or discard it?</numerusform>
        </translation>
    </message>
    <message>
        <source>Khôi phục danh sách chưa lưu</source>
        <translation>Restore the unsaved list</translation>
    </message>
    <message>
        <source>Khôi phục danh sách nguyện vọng chưa lưu</source>
        <translation>Restore the unsaved preference list</translation>
    </message>
    <message>
        <source>Lưu ý: danh sách trên hệ thống đã thay đổi sau lúc đó; khôi phục sẽ thay bằng danh sách bạn đã sửa.</source>
        <translation>Note: the list in the system has changed since then; restoring replaces it with the list you edited.</translation>
    </message>
</context>
<context>
    <name>HomePage</name>
    <message>
        <source>%1. %2 — %3</source>
        <translation>%1. %2 — %3</translation>
    </message>
    <message>
        <source>Bắt đầu</source>
        <translation>Start</translation>
    </message>
    <message>
        <source>Bắt đầu bước đầu tiên</source>
        <translation>Start the first step</translation>
    </message>
    <message>
        <source>Các bước bạn sẽ làm tại ki-ốt này. Chạm “Bắt đầu” để đi từng bước.</source>
        <translation>The steps you will take at this kiosk. Tap “Start” to go through them one by one.</translation>
    </message>
    <message>
        <source>Xin chào, %1!</source>
        <translation>Hello, %1!</translation>
    </message>
    <message>
        <source>sắp có</source>
        <translation>coming soon</translation>
    </message>
    <message>
        <source>sẵn sàng</source>
        <translation>ready</translation>
    </message>
</context>
<context>
    <name>IdentitySection</name>
    <message>
        <source>&amp;Dân tộc:</source>
        <translation>&amp;Ethnicity:</translation>
    </message>
    <message>
        <source>&amp;Giới tính:</source>
        <translation>&amp;Gender:</translation>
    </message>
    <message>
        <source>&amp;Họ và tên:</source>
        <translation>Full &amp;name:</translation>
    </message>
    <message>
        <source>&amp;Nơi sinh (tỉnh):</source>
        <translation>Place of &amp;birth (province):</translation>
    </message>
    <message>
        <source>12 chữ số — Enter để tra cứu CSDL dân cư</source>
        <translation>12 digits — press Enter to look up the population database</translation>
    </message>
    <message>
        <source>Có dấu, như trên giấy khai sinh</source>
        <translation>With diacritics, as on the birth certificate</translation>
    </message>
    <message>
        <source>Dân tộc</source>
        <translation>Ethnicity</translation>
    </message>
    <message>
        <source>Giới tính</source>
        <translation>Gender</translation>
    </message>
    <message>
        <source>Họ và tên</source>
        <translation>Full name</translation>
    </message>
    <message>
        <source>Nam</source>
        <translation>Male</translation>
    </message>
    <message>
        <source>Ngày &amp;sinh:</source>
        <translation>Date of &amp;birth:</translation>
    </message>
    <message>
        <source>Ngày sinh (ngày/tháng/năm)</source>
        <translation>Date of birth (day/month/year)</translation>
    </message>
    <message>
        <source>Như trên giấy khai sinh, ví dụ Kinh</source>
        <translation>As on the birth certificate, e.g. Kinh</translation>
    </message>
    <message>
        <source>Nơi &amp;thường trú:</source>
        <translation>Permanent &amp;residence:</translation>
    </message>
    <message>
        <source>Nơi sinh (tỉnh, thành phố)</source>
        <translation>Place of birth (province or city)</translation>
    </message>
    <message>
        <source>Nơi thường trú</source>
        <translation>Permanent residence</translation>
    </message>
    <message>
        <source>Nữ</source>
        <translation>Female</translation>
    </message>
    <message>
        <source>Số &amp;định danh (CCCD):</source>
        <translation>&amp;ID number (CCCD):</translation>
    </message>
    <message>
        <source>Số định danh cá nhân (CCCD)</source>
        <translation>Personal ID number (CCCD)</translation>
    </message>
    <message>
        <source>Thông tin cá nhân</source>
        <translation>Personal details</translation>
    </message>
    <message>
        <source>Tra cứu CSDL dân cư</source>
        <translation>Look up the population database</translation>
    </message>
    <message>
        <source>Tra cứu số định danh trong CSDL dân cư</source>
        <translation>Look up ID numbers in the population database</translation>
    </message>
    <message>
        <source>Xã/phường, tỉnh/thành phố</source>
        <translation>Commune/ward, province/city</translation>
    </message>
</context>
<context>
    <name>IdleOverlay</name>
    <message>
        <source>Bạn còn ở đây không?</source>
        <translation>Are you still there?</translation>
    </message>
    <message>
        <source>Số giây còn lại</source>
        <translation>Seconds remaining</translation>
    </message>
    <message>
        <source>Tôi vẫn ở đây</source>
        <translation>I&apos;m still here</translation>
    </message>
    <message>
        <source>Tôi vẫn ở đây, tiếp tục phiên</source>
        <translation>I&apos;m still here, continue the session</translation>
    </message>
    <message numerus="yes">
        <source>Để bảo vệ thông tin của bạn, phiên sẽ tự kết thúc và xoá mọi dữ liệu sau %n giây nếu không có ai chạm vào màn hình.</source>
        <translation>
            <numerusform>To protect your information, the session will end and erase all data in %n second if nobody touches the screen.</numerusform>
            <numerusform>To protect your information, the session will end and erase all data in %n seconds if nobody touches the screen.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ImportWizard</name>
    <message>
        <source>&amp;Tiếp &gt;</source>
        <translation>&amp;Next &gt;</translation>
    </message>
    <message>
        <source>&amp;Xong</source>
        <translation>&amp;Done</translation>
    </message>
    <message>
        <source>(Bỏ qua cột này)</source>
        <translation>(Ignore this column)</translation>
    </message>
    <message>
        <source>&lt; &amp;Quay lại</source>
        <translation>&lt; &amp;Back</translation>
    </message>
    <message>
        <source>Huỷ</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>Hãy chọn tệp danh sách thí sinh (.xlsx hoặc .csv).</source>
        <translation>Choose the candidate list file (.xlsx or .csv).</translation>
    </message>
    <message>
        <source>Không tìm thấy tệp %1. Hãy chọn lại tệp.</source>
        <translation>File %1 was not found. Please choose the file again.</translation>
    </message>
    <message>
        <source>Nhập danh sách thí sinh từ tệp</source>
        <translation>Import candidate list from file</translation>
    </message>
    <message>
        <source>Tệp %1 không phải bảng tính .xlsx hay .csv. Hãy chọn tệp danh sách thí sinh hoặc tải tệp mẫu.</source>
        <translation>File %1 is not an .xlsx or .csv spreadsheet. Choose the candidate list file or download the template.</translation>
    </message>
    <message>
        <source>Tệp %1 quá lớn (%2 MB) cho một danh sách thí sinh. Hãy tách theo lớp hoặc xoá các trang tính không cần rồi chọn lại.</source>
        <translation>File %1 is too large (%2 MB) for a candidate list. Split it by class or delete the sheets you do not need, then choose it again.</translation>
    </message>
    <message>
        <source>Tệp %1 rỗng, không có dữ liệu. Hãy chọn đúng tệp danh sách thí sinh.</source>
        <translation>File %1 is empty and has no data. Choose the right candidate list file.</translation>
    </message>
    <message>
        <source>Tệp %1 ở định dạng Excel 97–2003 cũ. Hãy mở bằng Excel, chọn Lưu thành → Excel Workbook (.xlsx) rồi chọn lại.</source>
        <translation>File %1 is in the old Excel 97–2003 format. Open it in Excel, choose Save As → Excel Workbook (.xlsx), then choose it again.</translation>
    </message>
</context>
<context>
    <name>KioskRegistration</name>
    <message>
        <source>Chưa đối chiếu được với CSDL dân cư. Điểm tiếp nhận sẽ kiểm tra thông tin này khi xác nhận phiếu.</source>
        <translation>Not yet checked against the population database. The registration point will check these details when it approves the form.</translation>
    </message>
    <message>
        <source>Các thông tin này lấy từ CSDL quốc gia về dân cư và không sửa được tại ki-ốt. Nếu có sai sót, hãy liên hệ công an xã/phường để điều chỉnh.</source>
        <translation>These details come from the National Population Database and cannot be changed at the kiosk. If anything is wrong, contact your commune/ward police to have it corrected.</translation>
    </message>
    <message>
        <source>Dân tộc:</source>
        <translation>Ethnicity:</translation>
    </message>
    <message>
        <source>Giới tính:</source>
        <translation>Gender:</translation>
    </message>
    <message>
        <source>Họ và tên:</source>
        <translation>Full name:</translation>
    </message>
    <message>
        <source>Nam</source>
        <translation>Male</translation>
    </message>
    <message>
        <source>Ngày sinh:</source>
        <translation>Date of birth:</translation>
    </message>
    <message>
        <source>Nơi sinh:</source>
        <translation>Place of birth:</translation>
    </message>
    <message>
        <source>Nữ</source>
        <translation>Female</translation>
    </message>
    <message>
        <source>Số định danh:</source>
        <translation>ID number:</translation>
    </message>
    <message>
        <source>Thông tin cá nhân (từ CSDL quốc gia về dân cư)</source>
        <translation>Personal details (from the National Population Database)</translation>
    </message>
</context>
<context>
    <name>KioskShell</name>
    <message>
        <source>Chữ nhỏ hơn</source>
        <translation>Smaller text</translation>
    </message>
    <message>
        <source>Chữ to hơn</source>
        <translation>Larger text</translation>
    </message>
    <message>
        <source>Ki-ốt thí sinh THPT</source>
        <translation>Upper-secondary exam candidate kiosk</translation>
    </message>
    <message>
        <source>Ki-ốt thí sinh — Đăng ký dự thi THPT</source>
        <translation>Candidate kiosk — Upper-secondary exam registration</translation>
    </message>
    <message>
        <source>Kết thúc phiên</source>
        <translation>End session</translation>
    </message>
    <message>
        <source>Kết thúc phiên và xoá thông tin</source>
        <translation>End the session and erase your information</translation>
    </message>
</context>
<context>
    <name>KioskSignIn</name>
    <message>
        <source>Bàn phím số</source>
        <translation>Number pad</translation>
    </message>
    <message>
        <source>Bàn phím số cho ô CCCD</source>
        <translation>Number pad for the citizen ID box</translation>
    </message>
    <message>
        <source>Chưa kết nối được tới máy chủ. Bạn không làm gì sai — hãy đợi một lát rồi thử lại, hoặc nhờ cán bộ hỗ trợ.</source>
        <translation>Could not connect to the server yet. You have done nothing wrong — please wait a moment and try again, or ask a member of staff for help.</translation>
    </message>
    <message>
        <source>Chưa đăng nhập được. Hãy thử lại sau ít phút.</source>
        <translation>Could not sign in yet. Please try again in a few minutes.</translation>
    </message>
    <message>
        <source>Chạm các số bên phải</source>
        <translation>Tap the digits on the right</translation>
    </message>
    <message numerus="yes">
        <source>Còn thiếu %n chữ số.</source>
        <translation>
            <numerusform>%n digit still missing.</numerusform>
            <numerusform>%n digits still missing.</numerusform>
        </translation>
    </message>
    <message>
        <source>Hiện</source>
        <translation>Show</translation>
    </message>
    <message>
        <source>Hiện mật khẩu</source>
        <translation>Show password</translation>
    </message>
    <message>
        <source>Hãy nhập mật khẩu.</source>
        <translation>Enter the password.</translation>
    </message>
    <message>
        <source>Mật khẩu</source>
        <translation>Password</translation>
    </message>
    <message>
        <source>Mật khẩu (do trường cấp)</source>
        <translation>Password (issued by the school)</translation>
    </message>
    <message>
        <source>Nhập đủ 12 chữ số.</source>
        <translation>Enter all 12 digits.</translation>
    </message>
    <message numerus="yes">
        <source>Phiên đăng nhập đã kết thúc (hết hạn hoặc đã đăng xuất ở nơi khác). Hãy đăng nhập lại để tiếp tục: phần bạn chưa lưu được giữ lại trong %n phút và chỉ hiện lại khi đúng tài khoản đó đăng nhập.</source>
        <translation>
            <numerusform>Your session has ended (it expired or you signed out elsewhere). Sign in again to continue: anything you had not saved is kept for %n minute and comes back only when the same account signs in.</numerusform>
            <numerusform>Your session has ended (it expired or you signed out elsewhere). Sign in again to continue: anything you had not saved is kept for %n minutes and comes back only when the same account signs in.</numerusform>
        </translation>
    </message>
    <message>
        <source>Quên mật khẩu? Hãy nhờ trường hoặc điểm tiếp nhận hồ sơ cấp lại.</source>
        <translation>Forgotten your password? Ask your school or the registration point to issue a new one.</translation>
    </message>
    <message>
        <source>Số CCCD (12 chữ số trên thẻ căn cước)</source>
        <translation>Citizen ID number (12 digits on your ID card)</translation>
    </message>
    <message>
        <source>Số CCCD hoặc mật khẩu không đúng. Hãy kiểm tra lại mật khẩu rồi thử lần nữa.</source>
        <translation>The citizen ID number or password is incorrect. Check your password and try again.</translation>
    </message>
    <message>
        <source>Số căn cước công dân</source>
        <translation>Citizen ID card number</translation>
    </message>
    <message>
        <source>Thí sinh tự do: đăng nhập bằng VNeID</source>
        <translation>Independent candidates: sign in with VNeID</translation>
    </message>
    <message>
        <source>Thông báo lỗi đăng nhập</source>
        <translation>Sign-in error message</translation>
    </message>
    <message numerus="yes">
        <source>Tài khoản tạm khoá vì nhập sai mật khẩu nhiều lần. Hãy thử lại sau %1 (khoảng %n phút nữa), hoặc nhờ cán bộ hỗ trợ.</source>
        <translation>
            <numerusform>Your account is temporarily locked after too many wrong passwords. Try again after %1 (in about %n minute), or ask a member of staff for help.</numerusform>
            <numerusform>Your account is temporarily locked after too many wrong passwords. Try again after %1 (in about %n minutes), or ask a member of staff for help.</numerusform>
        </translation>
    </message>
    <message>
        <source>Đang đăng nhập…</source>
        <translation>Signing in…</translation>
    </message>
    <message>
        <source>Đây không phải tài khoản thí sinh. Ki-ốt chỉ dành cho thí sinh.</source>
        <translation>This is not a candidate account. The kiosk is for candidates only.</translation>
    </message>
    <message>
        <source>Đăng nhập</source>
        <translation>Sign in</translation>
    </message>
    <message>
        <source>Đăng nhập bằng VNeID</source>
        <translation>Sign in with VNeID</translation>
    </message>
    <message>
        <source>Đăng nhập thí sinh</source>
        <translation>Candidate sign-in</translation>
    </message>
    <message>
        <source>Ẩn</source>
        <translation>Hide</translation>
    </message>
    <message>
        <source>Ẩn mật khẩu</source>
        <translation>Hide password</translation>
    </message>
    <message>
        <source>✓ Số CCCD hợp lệ.</source>
        <translation>✓ Valid citizen ID number.</translation>
    </message>
</context>
<context>
    <name>KioskSteps</name>
    <message>
        <source>Kết quả</source>
        <translation>Results</translation>
    </message>
    <message>
        <source>Nguyện vọng xét tuyển</source>
        <translation>Admission preferences</translation>
    </message>
    <message>
        <source>Nộp lệ phí</source>
        <translation>Pay the fee</translation>
    </message>
    <message>
        <source>Trang của bạn</source>
        <translation>Your page</translation>
    </message>
    <message>
        <source>Xác nhận nhập học</source>
        <translation>Confirm enrolment</translation>
    </message>
    <message>
        <source>Đăng ký dự thi</source>
        <translation>Exam registration</translation>
    </message>
</context>
<context>
    <name>LockScreen</name>
    <message>
        <source>&amp;Mật khẩu</source>
        <translation>&amp;Password</translation>
    </message>
    <message>
        <source>Bạn có thể thử lại.</source>
        <translation>You can try again.</translation>
    </message>
    <message>
        <source>Hãy nhập mật khẩu của bạn để mở khoá.</source>
        <translation>Enter your password to unlock.</translation>
    </message>
    <message>
        <source>Không kiểm tra được mật khẩu (%1). Hãy thử lại; nếu vẫn lỗi, hãy chọn “Đăng xuất” rồi đăng nhập lại.</source>
        <translation>Could not check the password (%1). Please try again; if it still fails, choose “Sign out” and sign in again.</translation>
    </message>
    <message>
        <source>Mật khẩu để mở khoá</source>
        <translation>Password to unlock</translation>
    </message>
    <message>
        <source>Mở khoá</source>
        <translation>Unlock</translation>
    </message>
    <message>
        <source>Mở khoá phiên làm việc</source>
        <translation>Unlock the session</translation>
    </message>
    <message>
        <source>Phiên làm việc đã khoá</source>
        <translation>Session locked</translation>
    </message>
    <message>
        <source>Thông báo mở khoá</source>
        <translation>Unlock message</translation>
    </message>
    <message>
        <source>Đang kiểm tra…</source>
        <translation>Checking…</translation>
    </message>
    <message>
        <source>Đăng xuất (Alt+X)</source>
        <translation>Sign out (Alt+X)</translation>
    </message>
    <message>
        <source>Đăng xuất khỏi phiên làm việc</source>
        <translation>Sign out of the session</translation>
    </message>
    <message>
        <source>Ứng dụng đã khoá vì không có thao tác trong một thời gian; dữ liệu thí sinh được ẩn. %1, hãy nhập mật khẩu đăng nhập để tiếp tục (không cần mạng).</source>
        <translation>The app was locked after a period without activity; candidate data is hidden. %1, enter your sign-in password to continue (no network needed).</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>&amp;Cài đặt…</source>
        <translation>&amp;Settings…</translation>
    </message>
    <message>
        <source>&amp;In phiếu đăng ký</source>
        <translation>&amp;Print registration forms</translation>
    </message>
    <message>
        <source>&amp;In phiếu đăng ký (%1 đã chọn)</source>
        <translation>&amp;Print registration forms (%1 selected)</translation>
    </message>
    <message>
        <source>&amp;In phiếu đăng ký (cả lớp đang lọc)</source>
        <translation>&amp;Print registration forms (whole filtered class)</translation>
    </message>
    <message>
        <source>&amp;Khoá màn hình</source>
        <translation>&amp;Lock screen</translation>
    </message>
    <message>
        <source>&amp;Nhập từ tệp…</source>
        <translation>&amp;Import from file…</translation>
    </message>
    <message>
        <source>&amp;Thoát</source>
        <translation>E&amp;xit</translation>
    </message>
    <message>
        <source>&amp;Thêm thí sinh…</source>
        <translation>&amp;Add candidate…</translation>
    </message>
    <message>
        <source>&amp;Tải lại danh sách</source>
        <translation>&amp;Reload list</translation>
    </message>
    <message>
        <source>&amp;Tệp</source>
        <translation>&amp;File</translation>
    </message>
    <message>
        <source>&amp;Xuất danh sách .xlsx…</source>
        <translation>&amp;Export list as .xlsx…</translation>
    </message>
    <message>
        <source>Bảng &amp;đồng bộ</source>
        <translation>&amp;Sync panel</translation>
    </message>
    <message>
        <source>Cán bộ</source>
        <translation>Staff</translation>
    </message>
    <message>
        <source>Duyệt hồ sơ</source>
        <translation>Review applications</translation>
    </message>
    <message>
        <source>In danh sách &amp;lớp</source>
        <translation>Print &amp;class list</translation>
    </message>
    <message>
        <source>In phiếu của các thí sinh đã chọn; không chọn ai thì in cả lớp đang lọc</source>
        <translation>Print the forms of the selected candidates; with none selected, print the whole filtered class</translation>
    </message>
    <message>
        <source>Không mở được dữ liệu trên máy</source>
        <translation>Could not open the data on this computer</translation>
    </message>
    <message>
        <source>Không mở được dữ liệu trên máy: %1</source>
        <translation>Could not open the data on this computer: %1</translation>
    </message>
    <message>
        <source>Màn hình sửa phiếu đăng ký chưa có trong phiên bản này.</source>
        <translation>The registration form editor is not available in this version.</translation>
    </message>
    <message>
        <source>Sửa hồ sơ</source>
        <translation>Edit record</translation>
    </message>
    <message>
        <source>Thao tác</source>
        <translation>Actions</translation>
    </message>
    <message>
        <source>Thí &amp;sinh</source>
        <translation>Can&amp;didates</translation>
    </message>
    <message>
        <source>Thí sinh</source>
        <translation>Candidate</translation>
    </message>
    <message>
        <source>Tra cứu &amp;hàng loạt…</source>
        <translation>&amp;Batch look-up…</translation>
    </message>
    <message>
        <source>Tra cứu công dân</source>
        <translation>Citizen look-up</translation>
    </message>
    <message>
        <source>Trợ &amp;giúp</source>
        <translation>&amp;Help</translation>
    </message>
    <message>
        <source>Tạo tệp ZIP cho bộ phận kỹ thuật (không có dữ liệu thí sinh)</source>
        <translation>Create a ZIP file for technical support (no candidate data)</translation>
    </message>
    <message>
        <source>Tải &amp;mẫu nhập liệu…</source>
        <translation>Download the &amp;import template…</translation>
    </message>
    <message>
        <source>Xuất gói &amp;chẩn đoán…</source>
        <translation>Export &amp;diagnostics package…</translation>
    </message>
    <message>
        <source>Đang mở dữ liệu trên máy…</source>
        <translation>Opening the data on this computer…</translation>
    </message>
    <message>
        <source>Đăng &amp;xuất</source>
        <translation>Sign &amp;out</translation>
    </message>
    <message>
        <source>Đăng ký dự thi THPT — %1</source>
        <translation>Upper-secondary exam registration — %1</translation>
    </message>
    <message>
        <source>Đồng bộ</source>
        <translation>Sync</translation>
    </message>
</context>
<context>
    <name>NumericKeypad</name>
    <message>
        <source>Xoá hết</source>
        <translation>Clear all</translation>
    </message>
    <message>
        <source>Xoá hết số đã nhập</source>
        <translation>Clear all the digits entered</translation>
    </message>
    <message>
        <source>Xoá một số</source>
        <translation>Delete one digit</translation>
    </message>
</context>
<context>
    <name>OrderPanel</name>
    <message>
        <source>Mã VietQR để chuyển khoản %1</source>
        <translation>VietQR code to transfer %1</translation>
    </message>
    <message>
        <source>Mã lệnh thanh toán</source>
        <translation>Payment order code</translation>
    </message>
    <message>
        <source>Mở ứng dụng ngân hàng, chọn quét mã QR. Số tiền và nội dung đã có sẵn trong mã: đừng sửa.</source>
        <translation>Open your banking app and choose to scan a QR code. The amount and transfer description are already in the code: do not change them.</translation>
    </message>
    <message>
        <source>Người nhận</source>
        <translation>Payee</translation>
    </message>
    <message>
        <source>Nội dung chuyển khoản</source>
        <translation>Transfer description</translation>
    </message>
    <message>
        <source>Số tiền</source>
        <translation>Amount</translation>
    </message>
    <message>
        <source>Tài khoản nhận</source>
        <translation>Receiving account</translation>
    </message>
</context>
<context>
    <name>PassphraseDialog</name>
    <message>
        <source>&amp;Mật khẩu dữ liệu</source>
        <translation>&amp;Data password</translation>
    </message>
    <message>
        <source>&amp;Nhập lại</source>
        <translation>&amp;Repeat</translation>
    </message>
    <message>
        <source>Hai lần nhập không giống nhau. Hãy nhập lại.</source>
        <translation>The two entries do not match. Please enter it again.</translation>
    </message>
    <message>
        <source>Hãy nhập mật khẩu dữ liệu.</source>
        <translation>Enter the data password.</translation>
    </message>
    <message>
        <source>Hãy nhập mật khẩu riêng đã đặt cho dữ liệu trên máy này.</source>
        <translation>Enter the password you set for the data on this computer.</translation>
    </message>
    <message>
        <source>Hãy đặt một mật khẩu riêng (ít nhất %1 ký tự) để mã hoá dữ liệu lưu trên máy này và ghi nhớ nó: không có mật khẩu này thì không mở được dữ liệu đã lưu.</source>
        <translation>Set a password of your own (at least %1 characters) to encrypt the data stored on this computer, and remember it: without this password the saved data cannot be opened.</translation>
    </message>
    <message>
        <source>Mật khẩu cần ít nhất %1 ký tự.</source>
        <translation>The password needs at least %1 characters.</translation>
    </message>
    <message>
        <source>Mật khẩu dữ liệu</source>
        <translation>Data password</translation>
    </message>
    <message>
        <source>Mật khẩu dữ liệu trên máy</source>
        <translation>Password for data on this computer</translation>
    </message>
    <message>
        <source>Mở dữ liệu</source>
        <translation>Open data</translation>
    </message>
    <message>
        <source>Nhập lại mật khẩu dữ liệu</source>
        <translation>Re-enter the data password</translation>
    </message>
    <message>
        <source>Thoát</source>
        <translation>Exit</translation>
    </message>
</context>
<context>
    <name>PaymentPage</name>
    <message>
        <source> (đã nộp %1)</source>
        <translation> (%1 paid)</translation>
    </message>
    <message>
        <source>%1 nguyện vọng × %2 = %3</source>
        <translation>%1 preferences × %2 = %3</translation>
    </message>
    <message>
        <source>(Nhóm tỉnh của bạn: %1.)</source>
        <translation>(Your province group: %1.)</translation>
    </message>
    <message>
        <source>Bạn chưa đăng ký nguyện vọng nào nên chưa phải nộp lệ phí.</source>
        <translation>You have not registered any preferences, so there is no fee to pay yet.</translation>
    </message>
    <message>
        <source>Bạn đã nộp đủ %1 cho %2 nguyện vọng. Không cần nộp thêm.</source>
        <translation>You have paid the full %1 for %2 preferences. Nothing more to pay.</translation>
    </message>
    <message>
        <source>Chưa kiểm tra được trạng thái (%1); ki-ốt sẽ thử lại.</source>
        <translation>Could not check the status yet (%1); the kiosk will try again.</translation>
    </message>
    <message>
        <source>Chưa tải được lệ phí: %1 Chạm “Tải lại” để thử lại.</source>
        <translation>Could not load the fee: %1 Tap “Reload” to try again.</translation>
    </message>
    <message>
        <source>Chạm “Thanh toán” để nhận mã VietQR. Nếu mạng chậm, ki-ốt tự thử lại và bạn không bao giờ bị trừ tiền hai lần.</source>
        <translation>Tap “Pay” to get a VietQR code. If the connection is slow, the kiosk retries by itself and you will never be charged twice.</translation>
    </message>
    <message>
        <source>Gửi lại đúng yêu cầu cũ</source>
        <translation>Resend exactly the earlier request</translation>
    </message>
    <message>
        <source>Hệ thống đang có nhiều người dùng. Ki-ốt sẽ tự gửi lại yêu cầu sau %1 giây — bạn không cần làm gì, và sẽ không bị trừ tiền hai lần.</source>
        <translation>The system is busy. The kiosk will resend the request in %1 seconds — you do not need to do anything, and you will not be charged twice.</translation>
    </message>
    <message>
        <source>In biên lai</source>
        <translation>Print receipt</translation>
    </message>
    <message>
        <source>In biên lai nộp lệ phí</source>
        <translation>Print the fee receipt</translation>
    </message>
    <message>
        <source>Không in được biên lai: %1</source>
        <translation>Could not print the receipt: %1</translation>
    </message>
    <message>
        <source>Ki-ốt không có máy in: biên lai PDF đã được tạo và sẽ bị xoá khi kết thúc phiên.</source>
        <translation>The kiosk has no printer: the PDF receipt has been created and will be deleted when the session ends.</translation>
    </message>
    <message>
        <source>Kiểm tra ngay</source>
        <translation>Check now</translation>
    </message>
    <message>
        <source>Kiểm tra trạng thái thanh toán ngay</source>
        <translation>Check the payment status now</translation>
    </message>
    <message>
        <source>Lệ phí xét tuyển</source>
        <translation>Admission fee</translation>
    </message>
    <message>
        <source>Lệnh thanh toán đã hết hạn, bạn chưa bị trừ tiền. Chạm “Tạo lệnh mới” để thanh toán.</source>
        <translation>The payment order has expired; you have not been charged. Tap “New order” to pay.</translation>
    </message>
    <message>
        <source>Mất kết nối khi gửi yêu cầu thanh toán, nên chưa rõ lệnh đã được tạo hay chưa. Chạm “Thử lại”: ki-ốt gửi lại đúng yêu cầu cũ, nên không bao giờ có hai lệnh hay bị trừ tiền hai lần.</source>
        <translation>The connection was lost while sending the payment request, so it is not clear whether the order was created. Tap “Try again”: the kiosk resends exactly the same request, so there will never be two orders or a double charge.</translation>
    </message>
    <message>
        <source>Ngoài thời gian nộp lệ phí. Thời gian nộp: từ %1 đến %2.</source>
        <translation>Outside the fee payment period. Payment period: from %1 to %2.</translation>
    </message>
    <message>
        <source>Ngân hàng đã trừ tiền nhưng hệ thống của Bộ chưa ghi nhận. ĐỪNG thanh toán lại: giao dịch sẽ được đối soát tự động. Hãy in biên lai để đối chiếu.</source>
        <translation>The bank has taken the money but the Ministry&apos;s system has not recorded it yet. DO NOT pay again: the transaction will be reconciled automatically. Print the receipt for reference.</translation>
    </message>
    <message>
        <source>Số tiền phải nộp: %1</source>
        <translation>Amount to pay: %1</translation>
    </message>
    <message>
        <source>Thanh toán %1</source>
        <translation>Pay %1</translation>
    </message>
    <message>
        <source>Thanh toán không thành công, bạn chưa bị trừ tiền. Chạm “Tạo lệnh mới” để thử lại.</source>
        <translation>The payment did not go through; you have not been charged. Tap “New order” to try again.</translation>
    </message>
    <message>
        <source>Thanh toán lệ phí %1</source>
        <translation>Pay the %1 fee</translation>
    </message>
    <message>
        <source>Thử lại</source>
        <translation>Try again</translation>
    </message>
    <message>
        <source>Tạo lệnh mới</source>
        <translation>New order</translation>
    </message>
    <message>
        <source>Tạo lệnh thanh toán mới</source>
        <translation>Create a new payment order</translation>
    </message>
    <message>
        <source>Tải lại</source>
        <translation>Reload</translation>
    </message>
    <message>
        <source>Tải lại lệ phí</source>
        <translation>Reload the fee</translation>
    </message>
    <message>
        <source>Đang chờ thanh toán. Quét mã VietQR bằng ứng dụng ngân hàng; màn hình tự cập nhật.</source>
        <translation>Waiting for payment. Scan the VietQR code with your banking app; the screen updates by itself.</translation>
    </message>
    <message>
        <source>Đang tạo lệnh thanh toán…</source>
        <translation>Creating the payment order…</translation>
    </message>
    <message>
        <source>Đang tải lệ phí của bạn…</source>
        <translation>Loading your fee…</translation>
    </message>
    <message>
        <source>Đã gửi biên lai tới máy in %1.</source>
        <translation>The receipt was sent to printer %1.</translation>
    </message>
    <message>
        <source>Đã thanh toán và đã được ghi nhận. Cảm ơn bạn!</source>
        <translation>Paid and recorded. Thank you!</translation>
    </message>
</context>
<context>
    <name>PhotoSection</name>
    <message>
        <source>Chưa có ảnh
4×6</source>
        <translation>No photo
4×6</translation>
    </message>
    <message>
        <source>Chọn &amp;ảnh…</source>
        <translation>Choose &amp;photo…</translation>
    </message>
    <message>
        <source>Chọn tệp ảnh chân dung</source>
        <translation>Choose a portrait photo file</translation>
    </message>
    <message>
        <source>Chọn ảnh chân dung</source>
        <translation>Choose a portrait photo</translation>
    </message>
    <message>
        <source>Không nhận ảnh %1: %2 Ảnh cũ (nếu có) được giữ nguyên.</source>
        <translation>Photo %1 not accepted: %2 The previous photo (if any) is kept.</translation>
    </message>
    <message>
        <source>Không đọc được tệp %1 như một ảnh. Hãy chọn tệp JPG hoặc PNG.</source>
        <translation>File %1 could not be read as an image. Please choose a JPG or PNG file.</translation>
    </message>
    <message>
        <source>Ảnh %1×%2 đã khai
(ảnh gốc không lưu trong phiếu)</source>
        <translation>Declared %1×%2 photo
(the original photo is not stored in the form)</translation>
    </message>
    <message>
        <source>Ảnh (*.jpg *.jpeg *.png)</source>
        <translation>Images (*.jpg *.jpeg *.png)</translation>
    </message>
    <message>
        <source>Ảnh chân dung</source>
        <translation>Portrait photo</translation>
    </message>
    <message>
        <source>Ảnh thẻ chụp trong 6 tháng, tối thiểu %1×%2 điểm ảnh, ảnh dọc.</source>
        <translation>ID photo taken within the last 6 months, at least %1×%2 pixels, portrait orientation.</translation>
    </message>
</context>
<context>
    <name>PlannedPage</name>
    <message>
        <source>Bước “%1” đang được xây dựng và sẽ có ở đây.</source>
        <translation>The “%1” step is being built and will appear here.</translation>
    </message>
</context>
<context>
    <name>PreferencesPage</name>
    <message>
        <source>%1 nguyện vọng%2 · lệ phí dự kiến %3 (%4 mỗi nguyện vọng)%5</source>
        <translation>%1 preferences%2 · estimated fee %3 (%4 per preference)%5</translation>
    </message>
    <message>
        <source>%1 · %2 — %3 (%4), %5</source>
        <translation>%1 · %2 — %3 (%4), %5</translation>
    </message>
    <message>
        <source>+ Thêm vào danh sách</source>
        <translation>+ Add to list</translation>
    </message>
    <message>
        <source>Bạn chưa lưu danh sách. Hãy bấm “Lưu nguyện vọng” trước.</source>
        <translation>You have not saved the list yet. Press “Save preferences” first.</translation>
    </message>
    <message>
        <source>Chuyển nguyện vọng lên trên</source>
        <translation>Move preference up</translation>
    </message>
    <message>
        <source>Chuyển nguyện vọng xuống dưới</source>
        <translation>Move preference down</translation>
    </message>
    <message>
        <source>Chưa có phiên bản nào được lưu.</source>
        <translation>No versions have been saved yet.</translation>
    </message>
    <message>
        <source>Chưa gửi được tới hệ thống (mạng chậm hoặc mất kết nối). Danh sách vẫn còn trên màn hình. Bấm “Lưu nguyện vọng” lần nữa: hệ thống gửi lại đúng lần lưu này, không tạo bản trùng.</source>
        <translation>Could not reach the system yet (slow or lost connection). Your list is still on screen. Press “Save preferences” again: the system resends exactly this save and will not create a duplicate.</translation>
    </message>
    <message>
        <source>Chưa lưu được. Hãy thử lại sau ít phút.</source>
        <translation>Could not save yet. Please try again in a few minutes.</translation>
    </message>
    <message>
        <source>Chưa tải được các phiên bản.</source>
        <translation>Could not load the versions.</translation>
    </message>
    <message>
        <source>Chưa tải được danh sách nguyện vọng.</source>
        <translation>Could not load the preference list.</translation>
    </message>
    <message>
        <source>Chỉ xem: thời gian đăng ký, điều chỉnh nguyện vọng từ %1 đến %2.</source>
        <translation>View only: preferences can be registered and changed from %1 to %2.</translation>
    </message>
    <message>
        <source>Các phiên bản đã lưu</source>
        <translation>Saved versions</translation>
    </message>
    <message>
        <source>Danh sách nguyện vọng</source>
        <translation>Preference list</translation>
    </message>
    <message>
        <source>Danh sách nguyện vọng (NV1 là cao nhất; kéo để đổi thứ tự)</source>
        <translation>Preference list (P1 is the highest; drag to reorder)</translation>
    </message>
    <message>
        <source>Danh sách vừa được thay đổi ở nơi khác. Bấm “Tải lại” để xem bản mới nhất.</source>
        <translation>The list has just been changed elsewhere. Press “Reload” to see the latest version.</translation>
    </message>
    <message>
        <source>Hãy chọn một ngành trong kết quả tìm kiếm rồi bấm Thêm.</source>
        <translation>Choose a programme from the search results, then press Add.</translation>
    </message>
    <message>
        <source>Hãy sửa các lỗi được nêu rồi lưu lại.</source>
        <translation>Correct the errors listed, then save again.</translation>
    </message>
    <message>
        <source>Hệ thống chưa nhận danh sách này.</source>
        <translation>The system has not received this list.</translation>
    </message>
    <message>
        <source>Kết quả tìm kiếm</source>
        <translation>Search results</translation>
    </message>
    <message>
        <source>Lưu danh sách nguyện vọng</source>
        <translation>Save the preference list</translation>
    </message>
    <message>
        <source>Lưu nguyện vọng</source>
        <translation>Save preferences</translation>
    </message>
    <message>
        <source>NV%1 · %2 (%3 · %4) không còn trong danh mục xét tuyển: danh mục vừa được Bộ cập nhật. Hãy xoá nguyện vọng này (hoặc chọn ngành khác thay thế) rồi bấm “Lưu nguyện vọng”.</source>
        <translation>Preference %1 · %2 (%3 · %4) is no longer in the admissions catalog: the Ministry has just updated the catalog. Remove this choice (or pick another programme instead), then press “Save preferences”.</translation>
    </message>
    <message>
        <source>NV%1 · %2 — %3 (không còn trong danh mục)</source>
        <translation>P%1 · %2 — %3 (no longer in the catalogue)</translation>
    </message>
    <message>
        <source>NV%1 · %2 — %3 · %4</source>
        <translation>P%1 · %2 — %3 · %4</translation>
    </message>
    <message>
        <source>Nguyện vọng %1: %2</source>
        <translation>Preference %1: %2</translation>
    </message>
    <message>
        <source>Ngành này đã có trong danh sách (NV%1).</source>
        <translation>This programme is already in the list (P%1).</translation>
    </message>
    <message>
        <source>Phiên bản %1 — %2 — %3 NV: %4</source>
        <translation>Version %1 — %2 — %3 preferences: %4</translation>
    </message>
    <message>
        <source>Phiên đăng nhập đã kết thúc (hết hạn hoặc đã đăng xuất ở nơi khác) nên danh sách chưa được lưu. Danh sách bạn vừa sửa được giữ lại: hãy đăng nhập lại để lưu.</source>
        <translation>Your session has ended (it expired or you signed out elsewhere), so the list was not saved. The list you just edited has been kept: sign in again to save it.</translation>
    </message>
    <message>
        <source>Sư phạm</source>
        <translation>Teacher training</translation>
    </message>
    <message>
        <source>Thêm ngành đã chọn vào danh sách nguyện vọng</source>
        <translation>Add the chosen programme to the preference list</translation>
    </message>
    <message>
        <source>Tìm ngành hoặc trường</source>
        <translation>Search for a programme or university</translation>
    </message>
    <message>
        <source>Tìm ngành hoặc trường (mã, tên; gõ có dấu hay không dấu)</source>
        <translation>Search for a programme or university (code or name; with or without diacritics)</translation>
    </message>
    <message>
        <source>Tải lại</source>
        <translation>Reload</translation>
    </message>
    <message>
        <source>Tải lại danh sách từ hệ thống</source>
        <translation>Reload the list from the system</translation>
    </message>
    <message>
        <source>Ví dụ: su pham toan, QSB, 7480201</source>
        <translation>For example: su pham toan, QSB, 7480201</translation>
    </message>
    <message>
        <source>Xem các phiên bản đã lưu trước đây</source>
        <translation>View earlier saved versions</translation>
    </message>
    <message>
        <source>Xoá</source>
        <translation>Delete</translation>
    </message>
    <message>
        <source>Xoá nguyện vọng đang chọn</source>
        <translation>Remove the selected preference</translation>
    </message>
    <message>
        <source>chưa lưu</source>
        <translation>not saved</translation>
    </message>
    <message>
        <source>Đang lưu…</source>
        <translation>Saving…</translation>
    </message>
    <message>
        <source>Đang tải danh sách nguyện vọng…</source>
        <translation>Loading the preference list…</translation>
    </message>
    <message>
        <source>Điểm chuẩn năm trước: %1</source>
        <translation>Last year&apos;s cut-off: %1</translation>
    </message>
    <message>
        <source>Điểm chuẩn năm trước: chưa có</source>
        <translation>Last year&apos;s cut-off: not available</translation>
    </message>
    <message>
        <source>Điểm xét tuyển của bạn: %1 (tổ hợp %2)</source>
        <translation>Your admission score: %1 (combination %2)</translation>
    </message>
    <message>
        <source>Điểm xét tuyển của bạn: chưa có điểm</source>
        <translation>Your admission score: no scores yet</translation>
    </message>
    <message>
        <source>Đã khôi phục danh sách chưa lưu. Hãy kiểm tra rồi bấm “Lưu nguyện vọng”.</source>
        <translation>The unsaved list has been restored. Check it, then press “Save preferences”.</translation>
    </message>
    <message>
        <source>Đã lưu phiên bản %1 lúc %2.</source>
        <translation>Version %1 saved at %2.</translation>
    </message>
</context>
<context>
    <name>PreviousRunNotice</name>
    <message>
        <source>Lần chạy trước đã kết thúc bất thường</source>
        <translation>The last run ended unexpectedly</translation>
    </message>
    <message>
        <source>Nếu việc này lặp lại, hãy bấm “Xuất gói chẩn đoán” và gửi tệp đó cho bộ phận hỗ trợ kỹ thuật của trường.</source>
        <translation>If this happens again, press “Export diagnostics package” and send that file to your school&apos;s technical support.</translation>
    </message>
    <message>
        <source>Số báo cáo lỗi đã ghi: %1.</source>
        <translation>Error reports recorded: %1.</translation>
    </message>
    <message>
        <source>Thông báo</source>
        <translation>Notice</translation>
    </message>
    <message>
        <source>Ứng dụng mở lúc %1 đã không được đóng đúng cách, có thể do lỗi, mất điện hoặc bị buộc đóng. Dữ liệu đã lưu vẫn an toàn; hồ sơ chưa đồng bộ vẫn nằm trong hàng đợi.</source>
        <translation>The app opened at %1 was not closed properly, possibly because of an error, a power cut or being forced to close. Saved data is safe; forms not yet synced are still in the queue.</translation>
    </message>
</context>
<context>
    <name>PrioritySection</name>
    <message>
        <source>(không)</source>
        <translation>(none)</translation>
    </message>
    <message>
        <source>(tốt nghiệp năm nay)</source>
        <translation>(graduating this year)</translation>
    </message>
    <message>
        <source>Diện ưu tiên &amp;xét TN:</source>
        <translation>Graduation priority &amp;group:</translation>
    </message>
    <message>
        <source>Diện ưu tiên xét tốt nghiệp</source>
        <translation>Graduation priority group</translation>
    </message>
    <message>
        <source>Giải thích khu vực ưu tiên</source>
        <translation>Priority area explained</translation>
    </message>
    <message>
        <source>Giải thích đối tượng ưu tiên</source>
        <translation>Priority group explained</translation>
    </message>
    <message>
        <source>Khu vực ưu tiên do hệ thống xác định</source>
        <translation>Priority area determined by the system</translation>
    </message>
    <message>
        <source>Khu vực ưu tiên:</source>
        <translation>Priority area:</translation>
    </message>
    <message>
        <source>Nhóm %1 (%2 điểm):</source>
        <translation>Group %1 (%2 points):</translation>
    </message>
    <message>
        <source>Năm tốt &amp;nghiệp THPT:</source>
        <translation>Upper-secondary &amp;graduation year:</translation>
    </message>
    <message>
        <source>Năm tốt nghiệp THPT (thí sinh tự do)</source>
        <translation>Upper-secondary graduation year (independent candidates)</translation>
    </message>
    <message>
        <source>Đối tượng ư&amp;u tiên:</source>
        <translation>Priority &amp;group:</translation>
    </message>
    <message>
        <source>Đối tượng ưu tiên %1</source>
        <translation>Priority group %1</translation>
    </message>
    <message>
        <source>Ưu tiên (mục 14, 15)</source>
        <translation>Priority (items 14, 15)</translation>
    </message>
</context>
<context>
    <name>ProblemBoard</name>
    <message>
        <source>Các mục chưa nhập còn %1 lỗi, sẽ hiện khi lưu hoặc nộp.</source>
        <translation>The items not yet entered have %1 errors, which will show when you save or submit.</translation>
    </message>
    <message>
        <source>Danh sách lỗi của phiếu</source>
        <translation>List of the form&apos;s errors</translation>
    </message>
    <message>
        <source>Nhấn Enter trên một lỗi để đến ô cần sửa.</source>
        <translation>Press Enter on an error to go to the field to correct.</translation>
    </message>
    <message>
        <source>Phiếu còn %1 lỗi và %2 lưu ý. Chọn một dòng để đến ô cần sửa.</source>
        <translation>The form has %1 errors and %2 notes. Select a row to go to the field to correct.</translation>
    </message>
    <message>
        <source>Phiếu không còn lỗi; có %2 lưu ý nên xem lại.</source>
        <translation>The form has no errors; there are %2 notes worth reviewing.</translation>
    </message>
</context>
<context>
    <name>RegisterComparison</name>
    <message>
        <source>%1 của trường</source>
        <translation>%1 (school)</translation>
    </message>
    <message>
        <source>%1 theo CSDL dân cư</source>
        <translation>%1 (population database)</translation>
    </message>
    <message>
        <source>CSDL dân cư</source>
        <translation>Population database</translation>
    </message>
    <message>
        <source>Dùng dữ liệu CSDL dân cư</source>
        <translation>Use population database data</translation>
    </message>
    <message>
        <source>Dùng dữ liệu CSDL dân cư cho mục %1</source>
        <translation>Use population database data for %1</translation>
    </message>
    <message>
        <source>Dữ liệu của trường</source>
        <translation>School data</translation>
    </message>
    <message>
        <source>Dữ liệu của trường khác với CSDL quốc gia về dân cư. Hãy xem từng dòng và chọn giá trị đúng.</source>
        <translation>The school&apos;s data differs from the National Population Database. Look at each row and choose the correct value.</translation>
    </message>
    <message>
        <source>Giữ của trường</source>
        <translation>Keep the school&apos;s</translation>
    </message>
    <message>
        <source>Giữ dữ liệu của trường cho mục %1</source>
        <translation>Keep the school&apos;s data for %1</translation>
    </message>
    <message>
        <source>Mục</source>
        <translation>Item</translation>
    </message>
</context>
<context>
    <name>RegistrationEditor</name>
    <message>
        <source> — có thay đổi chưa lưu</source>
        <translation> — unsaved changes</translation>
    </message>
    <message>
        <source>Chưa lưu được: có ô không hợp lệ. Hãy sửa các ô được đánh dấu đỏ.</source>
        <translation>Not saved: some fields are invalid. Please correct the fields marked in red.</translation>
    </message>
    <message>
        <source>Chưa nộp được: phiếu còn %1 lỗi. Hãy sửa các ô được đánh dấu đỏ.</source>
        <translation>Not submitted: the form still has %1 errors. Please correct the fields marked in red.</translation>
    </message>
    <message>
        <source>Các mục của phiếu đăng ký</source>
        <translation>Sections of the registration form</translation>
    </message>
    <message>
        <source>Dữ liệu đang nhập vẫn còn trên màn hình.</source>
        <translation>The data you were entering is still on screen.</translation>
    </message>
    <message>
        <source>Không lưu được phiếu</source>
        <translation>Could not save the form</translation>
    </message>
    <message>
        <source>Không tra cứu được CSDL dân cư</source>
        <translation>Could not look up the population database</translation>
    </message>
    <message>
        <source>Không tìm thấy phiếu này trên máy.</source>
        <translation>This form was not found on this computer.</translation>
    </message>
    <message>
        <source>Lưu nháp (Ctrl+S)</source>
        <translation>Save draft (Ctrl+S)</translation>
    </message>
    <message>
        <source>Lưu nháp trên máy</source>
        <translation>Save draft on this computer</translation>
    </message>
    <message>
        <source>Nộp phiếu (Ctrl+Enter)</source>
        <translation>Submit form (Ctrl+Enter)</translation>
    </message>
    <message>
        <source>Nộp phiếu để đồng bộ lên Bộ</source>
        <translation>Submit the form for syncing to the Ministry</translation>
    </message>
    <message>
        <source>Phiếu mới</source>
        <translation>New form</translation>
    </message>
    <message>
        <source>Phiếu này thuộc kỳ thi năm %1; hãy mở bằng phiếu của năm đó.</source>
        <translation>This form belongs to the %1 exam; open it with that year&apos;s form.</translation>
    </message>
    <message>
        <source>Phiếu đã lưu trên máy</source>
        <translation>Form saved on this computer</translation>
    </message>
    <message>
        <source>Phiếu đăng ký dự thi tốt nghiệp THPT năm %1</source>
        <translation>Upper-secondary graduation exam registration form, %1</translation>
    </message>
    <message>
        <source>Đang ngoại tuyến — so sánh với dữ liệu CSDL dân cư lưu trên máy từ %1.</source>
        <translation>Offline — comparing with population database data saved on this computer at %1.</translation>
    </message>
    <message>
        <source>Đang tra cứu CSDL dân cư…</source>
        <translation>Looking up the population database…</translation>
    </message>
    <message>
        <source>Đã lưu nháp trên máy lúc %1.</source>
        <translation>Draft saved on this computer at %1.</translation>
    </message>
    <message>
        <source>Đã mở phiếu (trạng thái: %1).</source>
        <translation>Form opened (status: %1).</translation>
    </message>
    <message>
        <source>Đã nộp lúc %1; phiếu đang chờ đồng bộ lên Bộ.</source>
        <translation>Submitted at %1; the form is waiting to be synced to the Ministry.</translation>
    </message>
    <message>
        <source>Đã đối chiếu với CSDL quốc gia về dân cư lúc %1.</source>
        <translation>Checked against the National Population Database at %1.</translation>
    </message>
</context>
<context>
    <name>RegistrationEditorDialog</name>
    <message>
        <source>Bỏ thay đổi</source>
        <translation>Discard changes</translation>
    </message>
    <message>
        <source>Lưu nháp chỉ ghi trên máy này, không cần mạng; phiếu sẽ được đồng bộ sau.</source>
        <translation>A draft is saved on this computer only and needs no network; the form will be synced later.</translation>
    </message>
    <message>
        <source>Lưu nháp và đóng</source>
        <translation>Save draft and close</translation>
    </message>
    <message>
        <source>Phiếu có thay đổi chưa lưu. Bạn muốn giữ lại thay đổi không?</source>
        <translation>The form has unsaved changes. Do you want to keep them?</translation>
    </message>
    <message>
        <source>Phiếu đăng ký dự thi</source>
        <translation>Exam registration form</translation>
    </message>
    <message>
        <source>Thay đổi chưa lưu</source>
        <translation>Unsaved changes</translation>
    </message>
    <message>
        <source>Tiếp tục sửa</source>
        <translation>Keep editing</translation>
    </message>
    <message>
        <source>Đóng (Esc)</source>
        <translation>Close (Esc)</translation>
    </message>
    <message>
        <source>Đóng phiếu</source>
        <translation>Close form</translation>
    </message>
</context>
<context>
    <name>RegistrationField</name>
    <message>
        <source>Chương trình GDPT 2006</source>
        <translation>2006 general education curriculum</translation>
    </message>
    <message>
        <source>Chương trình GDPT 2018</source>
        <translation>2018 general education curriculum</translation>
    </message>
    <message>
        <source>Chương trình học</source>
        <translation>Curriculum</translation>
    </message>
    <message>
        <source>Diện %1</source>
        <translation>Category %1</translation>
    </message>
    <message>
        <source>Diện thí sinh</source>
        <translation>Candidate category</translation>
    </message>
    <message>
        <source>Diện ưu tiên xét tốt nghiệp</source>
        <translation>Graduation priority group</translation>
    </message>
    <message>
        <source>Giới tính</source>
        <translation>Gender</translation>
    </message>
    <message>
        <source>Họ và tên</source>
        <translation>Full name</translation>
    </message>
    <message>
        <source>Lớp</source>
        <translation>Class</translation>
    </message>
    <message>
        <source>Lớp %1: trường %2 (%3)</source>
        <translation>Year %1: school %2 (%3)</translation>
    </message>
    <message>
        <source>Miễn thi ngoại ngữ</source>
        <translation>Foreign-language exam exemption</translation>
    </message>
    <message>
        <source>Môn thi</source>
        <translation>Exam subjects</translation>
    </message>
    <message>
        <source>Mục đích dự thi</source>
        <translation>Purpose of sitting the exam</translation>
    </message>
    <message>
        <source>Nam</source>
        <translation>Male</translation>
    </message>
    <message>
        <source>Ngoại ngữ</source>
        <translation>Foreign language</translation>
    </message>
    <message>
        <source>Ngày sinh</source>
        <translation>Date of birth</translation>
    </message>
    <message>
        <source>Năm tốt nghiệp THPT</source>
        <translation>Upper-secondary graduation year</translation>
    </message>
    <message>
        <source>Nơi học THPT</source>
        <translation>Upper-secondary schools attended</translation>
    </message>
    <message>
        <source>Nữ</source>
        <translation>Female</translation>
    </message>
    <message>
        <source>Số định danh cá nhân</source>
        <translation>Personal ID number</translation>
    </message>
    <message>
        <source>Thư điện tử</source>
        <translation>Email</translation>
    </message>
    <message>
        <source>Xét tuyển sinh</source>
        <translation>Admission</translation>
    </message>
    <message>
        <source>Xét tốt nghiệp THPT</source>
        <translation>Upper-secondary graduation</translation>
    </message>
    <message>
        <source>Xét tốt nghiệp và tuyển sinh</source>
        <translation>Graduation and admission</translation>
    </message>
    <message>
        <source>Điểm bảo lưu</source>
        <translation>Carried-over scores</translation>
    </message>
    <message>
        <source>Điện thoại</source>
        <translation>Phone</translation>
    </message>
    <message>
        <source>Địa chỉ liên hệ</source>
        <translation>Contact address</translation>
    </message>
    <message>
        <source>Đối tượng ưu tiên</source>
        <translation>Priority group</translation>
    </message>
    <message>
        <source>Ảnh chân dung</source>
        <translation>Portrait photo</translation>
    </message>
</context>
<context>
    <name>RegistrationPage</name>
    <message>
        <source>Bấm “Nộp phiếu đăng ký” để gửi lại: phiếu sẽ không bị nộp hai lần.</source>
        <translation>Press “Submit registration form” to send it again: the form will not be submitted twice.</translation>
    </message>
    <message>
        <source>Bỏ qua bước đăng ký dự thi vì đã đăng ký tại trường</source>
        <translation>Skip the exam registration step: I registered at my school</translation>
    </message>
    <message>
        <source>Bỏ qua — tôi đăng ký dự thi tại trường</source>
        <translation>Skip — I registered for the exam at my school</translation>
    </message>
    <message>
        <source>Bộ chưa nhận phiếu: %1</source>
        <translation>The Ministry has not accepted the form: %1</translation>
    </message>
    <message>
        <source>Chưa gửi được phiếu</source>
        <translation>The form could not be sent yet</translation>
    </message>
    <message>
        <source>Chưa đủ thông tin để lập phiếu.</source>
        <translation>There is not enough information to make the form yet.</translation>
    </message>
    <message>
        <source>Hãy bấm “Nộp phiếu đăng ký” trước khi sang bước sau.</source>
        <translation>Press “Submit registration form” before going on to the next step.</translation>
    </message>
    <message>
        <source>Hãy quay lại rồi mở lại bước này.</source>
        <translation>Go back, then open this step again.</translation>
    </message>
    <message>
        <source>In biên nhận</source>
        <translation>Print acknowledgement</translation>
    </message>
    <message>
        <source>In biên nhận phiếu đăng ký</source>
        <translation>Print the registration acknowledgement</translation>
    </message>
    <message>
        <source>Không in được biên nhận</source>
        <translation>Could not print the acknowledgement</translation>
    </message>
    <message>
        <source>Không tải được thông tin của bạn</source>
        <translation>Could not load your details</translation>
    </message>
    <message>
        <source>Ki-ốt không có máy in: biên nhận đã được tạo dưới dạng PDF.</source>
        <translation>The kiosk has no printer: the acknowledgement has been created as a PDF.</translation>
    </message>
    <message>
        <source>Liên hệ và ảnh</source>
        <translation>Contact details and photo</translation>
    </message>
    <message>
        <source>Miễn thi ngoại ngữ</source>
        <translation>Foreign-language exam exemption</translation>
    </message>
    <message>
        <source>Nội dung phiếu sẽ nộp</source>
        <translation>What the form will contain</translation>
    </message>
    <message>
        <source>Nộp phiếu đăng ký</source>
        <translation>Submit registration form</translation>
    </message>
    <message>
        <source>Nộp phiếu đăng ký dự thi lên Bộ</source>
        <translation>Submit the exam registration form to the Ministry</translation>
    </message>
    <message>
        <source>Phiếu của bạn đang ở trạng thái: %1. Bạn có thể sửa rồi nộp lại.</source>
        <translation>Your form&apos;s status is: %1. You can edit it and submit it again.</translation>
    </message>
    <message>
        <source>Phiếu đăng ký năm %1 của bạn: %2. Không cần khai lại tại ki-ốt.</source>
        <translation>Your %1 registration form: %2. No need to fill it in again at the kiosk.</translation>
    </message>
    <message>
        <source>Phần %1/%2: %3</source>
        <translation>Part %1/%2: %3</translation>
    </message>
    <message>
        <source>Thông tin cá nhân</source>
        <translation>Personal details</translation>
    </message>
    <message>
        <source>Trường học và ưu tiên</source>
        <translation>Schools and priority</translation>
    </message>
    <message>
        <source>Xem lại và nộp phiếu</source>
        <translation>Review and submit the form</translation>
    </message>
    <message>
        <source>Đang gửi phiếu đăng ký lên Bộ…</source>
        <translation>Sending the registration form to the Ministry…</translation>
    </message>
    <message>
        <source>Đang tải thông tin của bạn…</source>
        <translation>Loading your details…</translation>
    </message>
    <message>
        <source>Đã in biên nhận.</source>
        <translation>Acknowledgement printed.</translation>
    </message>
    <message>
        <source>Đã nộp phiếu. Trạng thái: %1. Hãy in biên nhận và mang tới điểm tiếp nhận.</source>
        <translation>Form submitted. Status: %1. Print the acknowledgement and take it to the registration point.</translation>
    </message>
    <message>
        <source>Đối tượng, mục đích và môn thi</source>
        <translation>Category, purpose and exam subjects</translation>
    </message>
</context>
<context>
    <name>ReportModel</name>
    <message>
        <source>Cảnh báo</source>
        <translation>Warning</translation>
    </message>
    <message>
        <source>Cột</source>
        <translation>Column</translation>
    </message>
    <message>
        <source>Dòng</source>
        <translation>Row</translation>
    </message>
    <message>
        <source>Loại</source>
        <translation>Type</translation>
    </message>
    <message>
        <source>Lỗi</source>
        <translation>Error</translation>
    </message>
    <message>
        <source>Nội dung</source>
        <translation>Content</translation>
    </message>
    <message>
        <source>Đã sửa</source>
        <translation>Corrected</translation>
    </message>
</context>
<context>
    <name>ReportPage</name>
    <message>
        <source>%1 dòng: %2 mới, %3 thay đổi, %4 không đổi, %5 bị từ chối; %6 dòng còn lỗi sẽ được lưu thành bản nháp kèm lỗi.</source>
        <translation>%1 rows: %2 new, %3 changed, %4 unchanged, %5 rejected; %6 rows still with errors will be saved as drafts with their errors.</translation>
    </message>
    <message>
        <source>&amp;Nhập các dòng hợp lệ</source>
        <translation>&amp;Import the valid rows</translation>
    </message>
    <message>
        <source>Báo cáo chạy thử: lỗi và các ô đã tự sửa</source>
        <translation>Trial run report: errors and cells corrected automatically</translation>
    </message>
    <message>
        <source>Bước 3/4 — Chạy thử và báo cáo</source>
        <translation>Step 3/4 — Trial run and report</translation>
    </message>
    <message>
        <source>Chỉ &amp;dòng có lỗi</source>
        <translation>Only rows with &amp;errors</translation>
    </message>
    <message>
        <source>Chỉ hiện các dòng có lỗi</source>
        <translation>Show only rows with errors</translation>
    </message>
    <message>
        <source>Không chạy thử được: %1</source>
        <translation>Trial run failed: %1</translation>
    </message>
    <message>
        <source>Tiến độ chạy thử</source>
        <translation>Trial run progress</translation>
    </message>
    <message>
        <source>Đang kiểm tra từng dòng… (chưa ghi gì)</source>
        <translation>Checking each row… (nothing saved yet)</translation>
    </message>
    <message>
        <source>Đã dừng chạy thử; chưa có gì được ghi.</source>
        <translation>Trial run stopped; nothing has been saved.</translation>
    </message>
</context>
<context>
    <name>ReservedScoresSection</name>
    <message>
        <source>Chỉ thí sinh tự do đã dự thi nhưng chưa tốt nghiệp; để trống nếu không bảo lưu.</source>
        <translation>Only for independent candidates who sat the exam but did not graduate; leave empty if you are not carrying scores over.</translation>
    </message>
    <message>
        <source>Điểm bảo lưu (mục 13)</source>
        <translation>Carried-over scores (item 13)</translation>
    </message>
    <message>
        <source>Điểm bảo lưu môn %1</source>
        <translation>Carried-over score for %1</translation>
    </message>
</context>
<context>
    <name>ResultsPage</name>
    <message>
        <source>Chưa cập nhật được: %1 Ki-ốt sẽ thử lại.</source>
        <translation>Could not update yet: %1 The kiosk will try again.</translation>
    </message>
    <message>
        <source>Chưa đỗ tốt nghiệp THPT</source>
        <translation>Has not passed the upper-secondary graduation exam</translation>
    </message>
    <message>
        <source>Cập nhật lúc %1 — tự làm mới, không cần đăng nhập lại.</source>
        <translation>Updated at %1 — refreshes by itself, no need to sign in again.</translation>
    </message>
    <message>
        <source>Kết quả xét tuyển đại học</source>
        <translation>University admission result</translation>
    </message>
    <message>
        <source>Làm mới</source>
        <translation>Refresh</translation>
    </message>
    <message>
        <source>Làm mới kết quả</source>
        <translation>Refresh results</translation>
    </message>
    <message>
        <source>Máy chủ chưa gửi lý do chi tiết cho %1. Theo quy chế, mỗi thí sinh chỉ trúng tuyển một nguyện vọng: nguyện vọng cao nhất mà bạn đủ điều kiện.</source>
        <translation>The server has not sent a detailed reason for %1. Under the regulations, each candidate is admitted to only one preference: the highest one they qualify for.</translation>
    </message>
    <message>
        <source>Nguyện vọng: NV%1</source>
        <translation>Preference: P%1</translation>
    </message>
    <message>
        <source>Ngành: %1 (%2)</source>
        <translation>Programme: %1 (%2)</translation>
    </message>
    <message>
        <source>Trường: %1 (%2)</source>
        <translation>School: %1 (%2)</translation>
    </message>
    <message>
        <source>Vì sao chưa đỗ các nguyện vọng cao hơn</source>
        <translation>Why the higher preferences were not reached</translation>
    </message>
    <message>
        <source>Đang cập nhật…</source>
        <translation>Updating…</translation>
    </message>
    <message>
        <source>Điểm %1: %2</source>
        <translation>Score %1: %2</translation>
    </message>
    <message>
        <source>Điểm thi tốt nghiệp THPT</source>
        <translation>Upper-secondary graduation exam scores</translation>
    </message>
    <message>
        <source>Điểm xét tuyển của bạn: %1 — điểm chuẩn: %2</source>
        <translation>Your admission score: %1 — cut-off: %2</translation>
    </message>
    <message>
        <source>Đã đỗ tốt nghiệp THPT</source>
        <translation>Passed the upper-secondary graduation exam</translation>
    </message>
    <message>
        <source>điểm xét tốt nghiệp %1</source>
        <translation>graduation score %1</translation>
    </message>
</context>
<context>
    <name>ReviewPanel</name>
    <message>
        <source>&amp;Lý do trả lại:</source>
        <translation>&amp;Reason for returning:</translation>
    </message>
    <message>
        <source>&amp;Trả lại</source>
        <translation>&amp;Return</translation>
    </message>
    <message>
        <source>&amp;Xác nhận</source>
        <translation>&amp;Confirm</translation>
    </message>
    <message>
        <source>Chưa thực hiện được: %1</source>
        <translation>Could not be done: %1</translation>
    </message>
    <message>
        <source>Chức năng duyệt hồ sơ chưa sẵn sàng trên máy này. Hãy đăng nhập lại.</source>
        <translation>Application review is not available on this computer. Please sign in again.</translation>
    </message>
    <message>
        <source>Duyệt hồ sơ</source>
        <translation>Review applications</translation>
    </message>
    <message>
        <source>Hãy ghi lý do trả lại vào ô “Lý do trả lại” để thí sinh biết cần sửa gì.</source>
        <translation>Write the reason in the “Reason for returning” box so the candidate knows what to correct.</translation>
    </message>
    <message>
        <source>Họ và tên</source>
        <translation>Full name</translation>
    </message>
    <message>
        <source>Không có phiếu nào chờ duyệt.</source>
        <translation>No forms are waiting for review.</translation>
    </message>
    <message>
        <source>Làm &amp;mới (F5)</source>
        <translation>&amp;Refresh (F5)</translation>
    </message>
    <message>
        <source>Làm mới danh sách chờ duyệt</source>
        <translation>Refresh the review list</translation>
    </message>
    <message>
        <source>Lý do trả lại phiếu</source>
        <translation>Reason for returning the form</translation>
    </message>
    <message>
        <source>Lớp</source>
        <translation>Class</translation>
    </message>
    <message>
        <source>Ngày sinh</source>
        <translation>Date of birth</translation>
    </message>
    <message>
        <source>Phiếu chờ duyệt</source>
        <translation>Forms awaiting review</translation>
    </message>
    <message>
        <source>Phiếu đăng ký đã nộp của thí sinh trong trường. Đối chiếu với giấy tờ rồi xác nhận, hoặc trả lại kèm lý do để thí sinh sửa.</source>
        <translation>Registration forms submitted by candidates at the school. Check them against the documents and approve, or return them with a reason so the candidate can correct them.</translation>
    </message>
    <message>
        <source>Quyết định đã được ghi nhận.</source>
        <translation>The decision has been recorded.</translation>
    </message>
    <message>
        <source>Số định danh</source>
        <translation>ID number</translation>
    </message>
    <message>
        <source>Trả lại phiếu đã chọn kèm lý do</source>
        <translation>Return the selected form with a reason</translation>
    </message>
    <message>
        <source>Ví dụ: Ảnh chân dung không rõ mặt</source>
        <translation>For example: the portrait photo does not show the face clearly</translation>
    </message>
    <message>
        <source>Xác nhận phiếu đã chọn</source>
        <translation>Approve the selected form</translation>
    </message>
    <message>
        <source>Đang gửi quyết định lên máy chủ…</source>
        <translation>Sending the decision to the server…</translation>
    </message>
    <message>
        <source>Đã trả lại</source>
        <translation>Returned</translation>
    </message>
    <message>
        <source>Đã xác nhận</source>
        <translation>Confirmed</translation>
    </message>
</context>
<context>
    <name>SchoolsSection</name>
    <message>
        <source>(chọn)</source>
        <translation>(choose)</translation>
    </message>
    <message>
        <source>3 số</source>
        <translation>3 digits</translation>
    </message>
    <message>
        <source>Khu vực</source>
        <translation>Area</translation>
    </message>
    <message>
        <source>Khu vực ưu tiên của trường lớp %1</source>
        <translation>Priority area of the school for year %1</translation>
    </message>
    <message>
        <source>Lớp</source>
        <translation>Class</translation>
    </message>
    <message>
        <source>Lớp &amp;%1:</source>
        <translation>Year &amp;%1:</translation>
    </message>
    <message>
        <source>Mã trường</source>
        <translation>School code</translation>
    </message>
    <message>
        <source>Mã trường lớp %1</source>
        <translation>School code for year %1</translation>
    </message>
    <message>
        <source>Mã tỉnh (Sở GD&amp;ĐT)</source>
        <translation>Province code (Department of Education)</translation>
    </message>
    <message>
        <source>Mã tỉnh của trường lớp %1</source>
        <translation>Province code of the school for year %1</translation>
    </message>
    <message>
        <source>Quá trình học THPT (mục 6)</source>
        <translation>Upper-secondary schooling (item 6)</translation>
    </message>
    <message>
        <source>Trường lớp %1</source>
        <translation>School for year %1</translation>
    </message>
    <message>
        <source>Tên &amp;lớp 12:</source>
        <translation>Year 12 &amp;class:</translation>
    </message>
    <message>
        <source>Tên lớp 12</source>
        <translation>Year 12 class</translation>
    </message>
    <message>
        <source>Tên trường</source>
        <translation>School name</translation>
    </message>
    <message>
        <source>Tên trường lớp %1</source>
        <translation>School name for year %1</translation>
    </message>
    <message>
        <source>mã/tên</source>
        <translation>code/name</translation>
    </message>
    <message>
        <source>ví dụ 12A1</source>
        <translation>e.g. 12A1</translation>
    </message>
</context>
<context>
    <name>SelfTest</name>
    <message>
        <source>exam-client — kiểm tra cài đặt (self-test)</source>
        <translation>exam-client — installation check (self-test)</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <source> phút</source>
        <translation> minutes</translation>
    </message>
    <message>
        <source>&amp;Lưu</source>
        <translation>&amp;Save</translation>
    </message>
    <message>
        <source>&amp;Tự khoá màn hình sau</source>
        <translation>&amp;Lock the screen automatically after</translation>
    </message>
    <message>
        <source>0 = không bao giờ tự khoá. Khi khoá, dữ liệu thí sinh được ẩn.</source>
        <translation>0 = never lock automatically. When locked, candidate data is hidden.</translation>
    </message>
    <message>
        <source>An toàn — khoá và phiên được mã hoá bởi hệ điều hành</source>
        <translation>Secure — the key and session are encrypted by the operating system</translation>
    </message>
    <message>
        <source>Bảo mật</source>
        <translation>Security</translation>
    </message>
    <message>
        <source>Chưa lưu. %1 Tệp cấu hình không bị thay đổi.</source>
        <translation>Not saved. %1 The configuration file has not been changed.</translation>
    </message>
    <message>
        <source>Chưa lưu: không ghi được tệp cấu hình (%1). Hãy kiểm tra quyền ghi vào thư mục cấu hình rồi thử lại.</source>
        <translation>Not saved: the configuration file could not be written (%1). Check that the configuration folder is writable, then try again.</translation>
    </message>
    <message>
        <source>Chỉ giữ trong bộ nhớ; mỗi lần mở ứng dụng cần đăng nhập lại</source>
        <translation>Kept in memory only; you must sign in again each time the app opens</translation>
    </message>
    <message>
        <source>Cài đặt</source>
        <translation>Settings</translation>
    </message>
    <message>
        <source>Cài đặt và bảo mật</source>
        <translation>Settings and security</translation>
    </message>
    <message>
        <source>Kho khoá của hệ điều hành</source>
        <translation>Operating system key store</translation>
    </message>
    <message>
        <source>Khoá dữ liệu cục bộ</source>
        <translation>Local data key</translation>
    </message>
    <message>
        <source>Không an toàn — %1</source>
        <translation>Not secure — %1</translation>
    </message>
    <message>
        <source>Không bao giờ</source>
        <translation>Never</translation>
    </message>
    <message>
        <source>Không rõ</source>
        <translation>Unknown</translation>
    </message>
    <message>
        <source>Ngôn ngữ</source>
        <translation>Language</translation>
    </message>
    <message>
        <source>Phiên đăng nhập</source>
        <translation>Sign-in session</translation>
    </message>
    <message>
        <source>Số phút không thao tác trước khi tự khoá</source>
        <translation>Minutes without activity before locking automatically</translation>
    </message>
    <message>
        <source>Thư mục dữ liệu</source>
        <translation>Data folder</translation>
    </message>
    <message>
        <source>Tiếng Việt</source>
        <translation>Tiếng Việt</translation>
    </message>
    <message>
        <source>Đã lưu: không bao giờ tự khoá. Tệp cấu hình: %1</source>
        <translation>Saved: never lock automatically. Configuration file: %1</translation>
    </message>
    <message>
        <source>Đã lưu: tự khoá sau %2 phút không thao tác. Tệp cấu hình: %1</source>
        <translation>Saved: lock after %2 minutes without activity. Configuration file: %1</translation>
    </message>
    <message>
        <source>Đóng</source>
        <translation>Close</translation>
    </message>
    <message>
        <source>Được lưu trong kho khoá; mở lại ứng dụng vẫn tiếp tục (sau khi mở khoá)</source>
        <translation>Stored in the key store; reopening the app carries on (after unlocking)</translation>
    </message>
    <message>
        <source>Địa chỉ máy chủ (API)</source>
        <translation>Server address (API)</translation>
    </message>
</context>
<context>
    <name>SignInDialog</name>
    <message>
        <source>&amp;Mật khẩu</source>
        <translation>&amp;Password</translation>
    </message>
    <message>
        <source>&amp;Tên đăng nhập</source>
        <translation>&amp;Username</translation>
    </message>
    <message>
        <source>&lt;b&gt;Chế độ trình diễn&lt;/b&gt; — dữ liệu giả lập, không phải dữ liệu thật.&lt;br&gt;Tài khoản: &lt;b&gt;%1&lt;/b&gt; &amp;nbsp; Mật khẩu: &lt;b&gt;%2&lt;/b&gt;</source>
        <translation>&lt;b&gt;Demo mode&lt;/b&gt; — simulated data, not real data.&lt;br&gt;Account: &lt;b&gt;%1&lt;/b&gt; &amp;nbsp; Password: &lt;b&gt;%2&lt;/b&gt;</translation>
    </message>
    <message>
        <source>&lt;b&gt;Chế độ trình diễn&lt;/b&gt; — đang khởi động máy chủ giả lập…</source>
        <translation>&lt;b&gt;Demo mode&lt;/b&gt; — starting the simulated server…</translation>
    </message>
    <message>
        <source>Hãy nhập mật khẩu.</source>
        <translation>Enter the password.</translation>
    </message>
    <message>
        <source>Hãy nhập tên đăng nhập.</source>
        <translation>Enter the username.</translation>
    </message>
    <message>
        <source>Hệ thống đăng ký dự thi tốt nghiệp THPT và xét tuyển</source>
        <translation>Upper-secondary graduation exam registration and university admissions</translation>
    </message>
    <message>
        <source>Không khởi động được: %1</source>
        <translation>Could not start: %1</translation>
    </message>
    <message>
        <source>Không kết nối được máy chủ %1. Hãy kiểm tra mạng rồi thử lại.</source>
        <translation>Could not connect to the server %1. Check the network, then try again.</translation>
    </message>
    <message>
        <source>Lỗi không mong đợi: %1. Hãy thử lại.</source>
        <translation>Unexpected error: %1. Please try again.</translation>
    </message>
    <message>
        <source>Máy chủ: %1</source>
        <translation>Server: %1</translation>
    </message>
    <message>
        <source>Máy chủ: không khởi động được</source>
        <translation>Server: could not start</translation>
    </message>
    <message>
        <source>Máy chủ: đang khởi động…</source>
        <translation>Server: starting…</translation>
    </message>
    <message>
        <source>Mật khẩu</source>
        <translation>Password</translation>
    </message>
    <message>
        <source>Thoát</source>
        <translation>Exit</translation>
    </message>
    <message>
        <source>Thông báo lỗi đăng nhập</source>
        <translation>Sign-in error message</translation>
    </message>
    <message>
        <source>Thông báo về phiên đăng nhập đã lưu</source>
        <translation>Notice about the saved sign-in session</translation>
    </message>
    <message>
        <source>Thử lại sau khoảng %1 phút.</source>
        <translation>Try again in about %1 minutes.</translation>
    </message>
    <message>
        <source>Tên đăng nhập</source>
        <translation>Username</translation>
    </message>
    <message>
        <source>Tên đăng nhập hoặc mật khẩu không đúng. Hãy kiểm tra và thử lại.</source>
        <translation>The username or password is incorrect. Check them and try again.</translation>
    </message>
    <message>
        <source>ví dụ: canbo.truong</source>
        <translation>e.g. canbo.truong</translation>
    </message>
    <message>
        <source>Đang đăng nhập…</source>
        <translation>Signing in…</translation>
    </message>
    <message>
        <source>Điền sẵn tài khoản trình diễn</source>
        <translation>Fill in the demo account</translation>
    </message>
    <message>
        <source>Đăng nhập</source>
        <translation>Sign in</translation>
    </message>
    <message>
        <source>Đăng nhập cán bộ tiếp nhận hồ sơ</source>
        <translation>Registration staff sign-in</translation>
    </message>
    <message>
        <source>Đăng nhập — Đăng ký dự thi THPT</source>
        <translation>Sign in — Upper-secondary exam registration</translation>
    </message>
</context>
<context>
    <name>StaffActions</name>
    <message>
        <source>Bảng tính Excel (*.xlsx)</source>
        <translation>Excel spreadsheet (*.xlsx)</translation>
    </message>
    <message>
        <source>Chưa chọn thí sinh nào. Hãy chọn các dòng cần in trong bảng (giữ Ctrl hoặc Shift để chọn nhiều) hoặc chọn một lớp.</source>
        <translation>No candidates selected. Select the rows to print in the table (hold Ctrl or Shift to select several) or choose a class.</translation>
    </message>
    <message>
        <source>Huỷ</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>Hãy chọn một lớp ở ô “Lớp” phía trên bảng rồi in danh sách lớp.</source>
        <translation>Choose a class in the “Class” box above the table, then print the class list.</translation>
    </message>
    <message>
        <source>In danh sách lớp</source>
        <translation>Print class list</translation>
    </message>
    <message>
        <source>In phiếu đăng ký</source>
        <translation>Print registration forms</translation>
    </message>
    <message>
        <source>Không tạo được tệp %1. %2</source>
        <translation>Could not create file %1. %2</translation>
    </message>
    <message>
        <source>Mở thư mục</source>
        <translation>Open folder</translation>
    </message>
    <message>
        <source>Thông báo</source>
        <translation>Notice</translation>
    </message>
    <message>
        <source>Tải mẫu nhập liệu</source>
        <translation>Download the import template</translation>
    </message>
    <message>
        <source>Tệp PDF (*.pdf)</source>
        <translation>PDF files (*.pdf)</translation>
    </message>
    <message>
        <source>Xuất danh sách thí sinh</source>
        <translation>Export candidate list</translation>
    </message>
    <message>
        <source>Đang làm việc</source>
        <translation>Working</translation>
    </message>
    <message>
        <source>Đang tạo danh sách lớp…</source>
        <translation>Creating the class list…</translation>
    </message>
    <message>
        <source>Đang tạo phiếu đăng ký…</source>
        <translation>Creating the registration forms…</translation>
    </message>
    <message>
        <source>Đang tạo tệp mẫu…</source>
        <translation>Creating the template file…</translation>
    </message>
    <message>
        <source>Đang xuất danh sách…</source>
        <translation>Exporting the list…</translation>
    </message>
    <message>
        <source>Đã huỷ. Không có tệp nào được ghi.</source>
        <translation>Cancelled. No file was written.</translation>
    </message>
    <message>
        <source>Đã in danh sách %1 thí sinh vào tệp %2.</source>
        <translation>Printed the list of %1 candidates to file %2.</translation>
    </message>
    <message>
        <source>Đã lưu %1 tệp mẫu: %2. Điền danh sách vào tệp rồi chọn Nhập từ tệp…</source>
        <translation>Saved %1 template file: %2. Fill the list into the file, then choose Import from file…</translation>
    </message>
    <message>
        <source>Đã tạo %1 phiếu đăng ký trong tệp %2.</source>
        <translation>Created %1 registration forms in file %2.</translation>
    </message>
    <message>
        <source>Đã xuất %1 thí sinh vào tệp %2.</source>
        <translation>Exported %1 candidates to file %2.</translation>
    </message>
    <message>
        <source>Đăng ký dự thi</source>
        <translation>Exam registration</translation>
    </message>
</context>
<context>
    <name>StatusBar</name>
    <message>
        <source>Khoá dữ liệu: không mở được dữ liệu trên máy</source>
        <translation>Data key: the data on this computer could not be opened</translation>
    </message>
    <message>
        <source>Khoá dữ liệu: đang mở dữ liệu trên máy…</source>
        <translation>Data key: opening the data on this computer…</translation>
    </message>
    <message>
        <source>Máy chủ đang quá tải hoặc gặp sự cố. Ứng dụng sẽ tự thử lại; dữ liệu không bị mất.</source>
        <translation>The server is overloaded or having problems. The app will retry by itself; no data will be lost.</translation>
    </message>
    <message>
        <source>Mất kết nối từ %1. Đang làm việc ngoại tuyến với dữ liệu đã lưu trên máy; ứng dụng tự kết nối lại khi có mạng.</source>
        <translation>Connection lost since %1. Working offline with the data saved on this computer; the app reconnects by itself when the network is back.</translation>
    </message>
    <message>
        <source>Nơi lưu khoá dữ liệu</source>
        <translation>Where the data key is stored</translation>
    </message>
    <message>
        <source>Trạng thái kết nối</source>
        <translation>Connection status</translation>
    </message>
    <message>
        <source>Đang kết nối với máy chủ của Bộ.</source>
        <translation>Connected to the Ministry&apos;s server.</translation>
    </message>
    <message>
        <source>● Máy chủ quá tải</source>
        <translation>● Server overloaded</translation>
    </message>
    <message>
        <source>● Ngoại tuyến từ %1</source>
        <translation>● Offline since %1</translation>
    </message>
    <message>
        <source>● Trực tuyến</source>
        <translation>● Online</translation>
    </message>
    <message>
        <source>● Đang kiểm tra kết nối…</source>
        <translation>● Checking the connection…</translation>
    </message>
</context>
<context>
    <name>StepFrame</name>
    <message>
        <source>Bước %1/%2</source>
        <translation>Step %1/%2</translation>
    </message>
    <message>
        <source>Quay lại bước trước</source>
        <translation>Back to the previous step</translation>
    </message>
    <message>
        <source>Tiếp tục sang bước sau</source>
        <translation>Continue to the next step</translation>
    </message>
    <message>
        <source>Tiếp tục ›</source>
        <translation>Continue ›</translation>
    </message>
    <message>
        <source>‹ Quay lại</source>
        <translation>‹ Back</translation>
    </message>
</context>
<context>
    <name>SyncPanel</name>
    <message>
        <source>%1 / %2 phiếu</source>
        <translation>%1 / %2 forms</translation>
    </message>
    <message>
        <source>&amp;Mở phiếu để sửa</source>
        <translation>&amp;Open form to edit</translation>
    </message>
    <message>
        <source>&amp;Xử lý xung đột…</source>
        <translation>Resolve &amp;conflicts…</translation>
    </message>
    <message>
        <source>Chưa đồng bộ lần nào trong phiên này</source>
        <translation>Not synced yet in this session</translation>
    </message>
    <message>
        <source>Còn %1 phiếu chờ gửi.</source>
        <translation>%1 forms still waiting to be sent.</translation>
    </message>
    <message>
        <source>Cần xử lý: %1 phiếu</source>
        <translation>Needs attention: %1 forms</translation>
    </message>
    <message>
        <source>Cần xử lý: %1 phiếu đầu tiên (còn nữa)</source>
        <translation>Needs attention: first %1 forms (more remain)</translation>
    </message>
    <message>
        <source>Cần đăng nhập lại để tiếp tục đồng bộ.</source>
        <translation>Sign in again to continue syncing.</translation>
    </message>
    <message>
        <source>Gửi ngay các phiếu đang chờ, không đợi hết thời gian chờ giữa hai lần thử.</source>
        <translation>Send waiting forms now, without waiting for the pause between attempts.</translation>
    </message>
    <message>
        <source>Không có phiếu nào bị từ chối hay xung đột. Không cần làm gì thêm.</source>
        <translation>No forms are rejected or in conflict. Nothing more to do.</translation>
    </message>
    <message>
        <source>Không kết nối được máy chủ; phiếu được giữ an toàn trên máy.</source>
        <translation>Could not connect to the server; the form is kept safely on this computer.</translation>
    </message>
    <message>
        <source>Không thử lại được: %1. Hãy thử lại sau ít phút.</source>
        <translation>Could not retry: %1. Please try again in a few minutes.</translation>
    </message>
    <message>
        <source>Không đọc được danh sách phiếu cần xử lý: %1. Bấm F5 để thử lại.</source>
        <translation>Could not read the list of forms needing attention: %1. Press F5 to try again.</translation>
    </message>
    <message>
        <source>Máy chủ đang bận; đang chờ để thử lại.</source>
        <translation>The server is busy; waiting to try again.</translation>
    </message>
    <message>
        <source>Mở phiếu bị từ chối để sửa</source>
        <translation>Open the rejected form to correct it</translation>
    </message>
    <message>
        <source>Phiếu đã được %1 sửa trên máy chủ lúc %2 (phiên bản %3) trong khi máy này cũng sửa. Hãy mở để chọn giữ bản nào cho từng mục.</source>
        <translation>The form was edited on the server by %1 at %2 (version %3) while this computer was editing it too. Open it to choose which version to keep for each item.</translation>
    </message>
    <message>
        <source>Thử lại ngay</source>
        <translation>Try again now</translation>
    </message>
    <message>
        <source>Thử lại ngay (F5)</source>
        <translation>Try again now (F5)</translation>
    </message>
    <message>
        <source>Tiến độ gửi</source>
        <translation>Sending progress</translation>
    </message>
    <message>
        <source>Trạng thái kết nối</source>
        <translation>Connection status</translation>
    </message>
    <message>
        <source>Xử lý xung đột của phiếu đang chọn</source>
        <translation>Resolve the conflicts of the selected form</translation>
    </message>
    <message>
        <source>Đang gửi…</source>
        <translation>Sending…</translation>
    </message>
    <message>
        <source>Đang nhận thay đổi từ máy chủ…</source>
        <translation>Receiving changes from the server…</translation>
    </message>
    <message>
        <source>Đang thử gửi lại…</source>
        <translation>Trying to resend…</translation>
    </message>
    <message>
        <source>Đã gửi xong.</source>
        <translation>All sent.</translation>
    </message>
    <message>
        <source>Đồng bộ lần cuối lúc %1</source>
        <translation>Last synced at %1</translation>
    </message>
    <message>
        <source>Đồng bộ với máy chủ của Bộ</source>
        <translation>Sync with the Ministry&apos;s server</translation>
    </message>
    <message>
        <source>Đồng bộ đã dừng.</source>
        <translation>Syncing has stopped.</translation>
    </message>
    <message>
        <source>Ứng dụng sẽ tự thử lại lúc %1.</source>
        <translation>The app will retry at %1.</translation>
    </message>
    <message>
        <source>● Ngoại tuyến từ %1</source>
        <translation>● Offline since %1</translation>
    </message>
    <message>
        <source>● Trực tuyến</source>
        <translation>● Online</translation>
    </message>
    <message>
        <source>● Đang kiểm tra kết nối…</source>
        <translation>● Checking the connection…</translation>
    </message>
</context>
<context>
    <name>SyncState</name>
    <message>
        <source>Bị từ chối</source>
        <translation>Rejected</translation>
    </message>
    <message>
        <source>Chưa gửi</source>
        <translation>Not sent</translation>
    </message>
    <message>
        <source>Chờ gửi</source>
        <translation>Queued</translation>
    </message>
    <message>
        <source>Lý do:</source>
        <translation>Reason:</translation>
    </message>
    <message>
        <source>Máy chủ của Bộ từ chối phiếu này. Hãy sửa theo lý do bên dưới rồi lưu lại.</source>
        <translation>The Ministry&apos;s server rejected this form. Correct it as the reason below says, then save again.</translation>
    </message>
    <message>
        <source>Máy chủ của Bộ đã có đúng nội dung phiếu trên máy này.</source>
        <translation>The Ministry&apos;s server already has exactly the content of the form on this computer.</translation>
    </message>
    <message>
        <source>Phiếu mới chỉ lưu trên máy này, chưa đưa vào hàng chờ gửi.</source>
        <translation>The new form is saved on this computer only and is not yet queued for sending.</translation>
    </message>
    <message>
        <source>Phiếu đang được gửi lên máy chủ của Bộ.</source>
        <translation>The form is being sent to the Ministry&apos;s server.</translation>
    </message>
    <message>
        <source>Phiếu đã lưu trên máy và đang chờ gửi lên máy chủ của Bộ; ứng dụng tự gửi khi có mạng.</source>
        <translation>The form is saved on this computer and waiting to be sent to the Ministry&apos;s server; the app sends it automatically when the network is available.</translation>
    </message>
    <message>
        <source>Phiếu đã được sửa ở nơi khác trong khi máy này cũng sửa. Hãy mở bảng Đồng bộ để chọn giữ bản nào cho từng mục.</source>
        <translation>The form was edited elsewhere while this computer was editing it too. Open the Sync panel to choose which version to keep for each item.</translation>
    </message>
    <message>
        <source>Xung đột</source>
        <translation>Conflict</translation>
    </message>
    <message>
        <source>Đang gửi</source>
        <translation>Sending</translation>
    </message>
    <message>
        <source>Đã đồng bộ</source>
        <translation>Synced</translation>
    </message>
</context>
<context>
    <name>SyncSummary</name>
    <message>
        <source>Bấm để mở bảng Đồng bộ.</source>
        <translation>Click to open the Sync panel.</translation>
    </message>
    <message>
        <source>Chưa có phiếu nào cần đồng bộ. Bấm để mở bảng Đồng bộ.</source>
        <translation>No forms need syncing. Click to open the Sync panel.</translation>
    </message>
    <message>
        <source>Tình trạng đồng bộ</source>
        <translation>Sync status</translation>
    </message>
    <message>
        <source>Đồng bộ: chưa có dữ liệu</source>
        <translation>Sync: no data yet</translation>
    </message>
</context>
<context>
    <name>VneidScreen</name>
    <message>
        <source>1. Mở ứng dụng VNeID trên điện thoại.
2. Chọn “Quét mã QR”.
3. Quét mã bên phải và xác nhận đăng nhập.</source>
        <translation>1. Open the VNeID app on your phone.
2. Choose “Scan QR code”.
3. Scan the code on the right and confirm the sign-in.</translation>
    </message>
    <message>
        <source>Chưa kết nối được tới máy chủ. Bạn không làm gì sai — chạm “Tạo mã mới” để thử lại, hoặc đăng nhập bằng số CCCD.</source>
        <translation>Could not connect to the server yet. You have done nothing wrong — tap “New code” to try again, or sign in with your citizen ID number.</translation>
    </message>
    <message>
        <source>Chức năng đang thử nghiệm: máy chủ chưa hỗ trợ xác nhận đăng nhập VNeID. Hãy đăng nhập bằng số CCCD và mật khẩu.</source>
        <translation>Trial feature: the server does not yet support confirming VNeID sign-ins. Please sign in with your citizen ID number and password.</translation>
    </message>
    <message>
        <source>Lưu ý: VNeID không thay thế thẻ căn cước khi đi thi — hãy mang theo thẻ.</source>
        <translation>Note: VNeID does not replace your ID card on exam day — bring your card.</translation>
    </message>
    <message>
        <source>Mã QR đã hết hạn hoặc đã được dùng. Chạm “Tạo mã mới”.</source>
        <translation>The QR code has expired or has already been used. Tap “New code”.</translation>
    </message>
    <message>
        <source>Mã QR đăng nhập VNeID</source>
        <translation>VNeID sign-in QR code</translation>
    </message>
    <message>
        <source>Phê duyệt (demo)</source>
        <translation>Approve (demo)</translation>
    </message>
    <message>
        <source>Phê duyệt đăng nhập thay điện thoại (chỉ ở chế độ demo)</source>
        <translation>Approve the sign-in instead of the phone (demo mode only)</translation>
    </message>
    <message>
        <source>Quay lại đăng nhập bằng CCCD</source>
        <translation>Back to signing in with citizen ID</translation>
    </message>
    <message>
        <source>Tài khoản VNeID này không phải tài khoản thí sinh.</source>
        <translation>This VNeID account is not a candidate account.</translation>
    </message>
    <message>
        <source>Tạo mã QR VNeID mới</source>
        <translation>Create a new VNeID QR code</translation>
    </message>
    <message>
        <source>Tạo mã mới</source>
        <translation>New code</translation>
    </message>
    <message>
        <source>Đang chờ bạn xác nhận trên điện thoại…</source>
        <translation>Waiting for you to confirm on your phone…</translation>
    </message>
    <message>
        <source>Đang gửi phê duyệt (demo)…</source>
        <translation>Sending the approval (demo)…</translation>
    </message>
    <message>
        <source>Đang tạo mã QR…</source>
        <translation>Creating the QR code…</translation>
    </message>
    <message>
        <source>Đã xác nhận. Đang vào trang của bạn…</source>
        <translation>Confirmed. Opening your page…</translation>
    </message>
    <message>
        <source>Đăng nhập bằng VNeID</source>
        <translation>Sign in with VNeID</translation>
    </message>
    <message>
        <source>‹ Quay lại</source>
        <translation>‹ Back</translation>
    </message>
</context>
<context>
    <name>WelcomeScreen</name>
    <message>
        <source>Bắt đầu phiên làm việc</source>
        <translation>Start a session</translation>
    </message>
    <message>
        <source>Chạm để bắt đầu</source>
        <translation>Tap to start</translation>
    </message>
    <message>
        <source>Khi bạn kết thúc hoặc rời đi, mọi thông tin của bạn sẽ được xoá khỏi máy này.</source>
        <translation>When you finish or walk away, all your information is erased from this machine.</translation>
    </message>
    <message>
        <source>Ki-ốt tự phục vụ dành cho thí sinh. Mỗi lần một người sử dụng.</source>
        <translation>Self-service kiosk for candidates. One person at a time.</translation>
    </message>
    <message>
        <source>Đăng ký dự thi tốt nghiệp THPT và xét tuyển</source>
        <translation>Upper-secondary graduation exam registration and university admissions</translation>
    </message>
</context>
</TS>
