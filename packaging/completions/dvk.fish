# Print an optspec for argparse to handle cmd's options that are independent of any subcommand.
function __fish_dvk_global_optspecs
    string join \n db= config= lang= socket= color= ascii demo V/version h/help
end

function __fish_dvk_needs_command
    # Figure out if the current invocation already has a command.
    set -l cmd (commandline -opc)
    set -e cmd[1]
    argparse -s (__fish_dvk_global_optspecs) -- $cmd 2>/dev/null
    or return
    if set -q argv[1]
        # Also print the command, so this can be used to figure out what it is.
        echo $argv[1]
        return 1
    end
    return 0
end

function __fish_dvk_using_subcommand
    set -l cmd (__fish_dvk_needs_command)
    test -z "$cmd"
    and return 1
    contains -- $cmd[1] $argv
end

complete -c dvk -n "__fish_dvk_needs_command" -l db -d 'Thư mục cơ sở dữ liệu (mặc định: DVK_DB, khóa db của tệp cấu hình, rồi $XDG_DATA_HOME/dvk/db)' -r -F
complete -c dvk -n "__fish_dvk_needs_command" -l config -d 'Tệp cấu hình TOML (mặc định: DVK_CONFIG, rồi $XDG_CONFIG_HOME/dvk/config.toml)' -r -F
complete -c dvk -n "__fish_dvk_needs_command" -l lang -d 'Ngôn ngữ: vi (tiếng Việt, mặc định) hoặc en (tiếng Anh); nếu không có: DVK_LANG, rồi khóa lang của tệp cấu hình' -r
complete -c dvk -n "__fish_dvk_needs_command" -l socket -d 'Socket của máy chủ dùng chung (mặc định: DVK_SOCKET, khóa socket của tệp cấu hình, rồi dvk.sock cạnh thư mục cơ sở dữ liệu)' -r -F
complete -c dvk -n "__fish_dvk_needs_command" -l color -d 'Màu: auto (chỉ khi in ra màn hình và không có NO_COLOR), always, never [mặc định: auto] [giá trị: auto, always, never]' -r -f -a "auto\t''
always\t''
never\t''"
complete -c dvk -n "__fish_dvk_needs_command" -l ascii -d 'Vẽ khung chỉ bằng ký tự ASCII'
complete -c dvk -n "__fish_dvk_needs_command" -l demo -d 'Mở giao diện trên một cơ sở dữ liệu tạm có sẵn giai đoạn mẫu; cơ sở dữ liệu của bạn không bị động đến'
complete -c dvk -n "__fish_dvk_needs_command" -s V -l version -d 'In phiên bản'
complete -c dvk -n "__fish_dvk_needs_command" -s h -l help -d 'In trợ giúp'
complete -c dvk -n "__fish_dvk_needs_command" -f -a "help" -d 'In trợ giúp của dvk hoặc của một lệnh'
complete -c dvk -n "__fish_dvk_needs_command" -f -a "status" -d 'Tình hình nhanh của một giai đoạn'
complete -c dvk -n "__fish_dvk_needs_command" -f -a "report" -d 'Báo cáo tổng hợp của giai đoạn'
complete -c dvk -n "__fish_dvk_needs_command" -f -a "import" -d 'Nhập một tệp CSV: tất cả các dòng hoặc không dòng nào'
complete -c dvk -n "__fish_dvk_needs_command" -f -a "export" -d 'Xuất toàn bộ dữ liệu ra một thư mục'
complete -c dvk -n "__fish_dvk_needs_command" -f -a "backup" -d 'Ghi một bản sao lưu nhất quán, có mã kiểm tra, của toàn bộ cơ sở dữ liệu'
complete -c dvk -n "__fish_dvk_needs_command" -f -a "restore" -d 'Khôi phục một bản sao lưu vào cơ sở dữ liệu trống'
complete -c dvk -n "__fish_dvk_needs_command" -f -a "check" -d 'Kiểm tra cơ sở dữ liệu'
complete -c dvk -n "__fish_dvk_needs_command" -f -a "serve" -d 'Chế độ dùng chung: giữ cơ sở dữ liệu và trả lời các tiến trình dvk khác qua socket'
complete -c dvk -n "__fish_dvk_needs_command" -f -a "demo" -d 'Nạp giai đoạn mẫu vào một cơ sở dữ liệu'
complete -c dvk -n "__fish_dvk_needs_command" -f -a "undo" -d 'Hoàn tác thay đổi gần nhất của bạn'
complete -c dvk -n "__fish_dvk_needs_command" -f -a "redo" -d 'Làm lại thay đổi gần nhất bạn đã hoàn tác'
complete -c dvk -n "__fish_dvk_needs_command" -f -a "award" -d 'Ghi một quyết định khen thưởng cho một hoặc nhiều mô hình, như một thay đổi'
complete -c dvk -n "__fish_dvk_needs_command" -f -a "man" -d 'In trang man của dvk (roff, tiếng Anh)'
complete -c dvk -n "__fish_dvk_needs_command" -f -a "completions" -d 'In đoạn mã tự hoàn thành lệnh cho bash, zsh hoặc fish'
complete -c dvk -n "__fish_dvk_using_subcommand help; and not __fish_seen_subcommand_from status report import export backup restore check serve demo undo redo award man completions help" -f -a "status" -d 'Tình hình nhanh của một giai đoạn'
complete -c dvk -n "__fish_dvk_using_subcommand help; and not __fish_seen_subcommand_from status report import export backup restore check serve demo undo redo award man completions help" -f -a "report" -d 'Báo cáo tổng hợp của giai đoạn'
complete -c dvk -n "__fish_dvk_using_subcommand help; and not __fish_seen_subcommand_from status report import export backup restore check serve demo undo redo award man completions help" -f -a "import" -d 'Nhập một tệp CSV: tất cả các dòng hoặc không dòng nào'
complete -c dvk -n "__fish_dvk_using_subcommand help; and not __fish_seen_subcommand_from status report import export backup restore check serve demo undo redo award man completions help" -f -a "export" -d 'Xuất toàn bộ dữ liệu ra một thư mục'
complete -c dvk -n "__fish_dvk_using_subcommand help; and not __fish_seen_subcommand_from status report import export backup restore check serve demo undo redo award man completions help" -f -a "backup" -d 'Ghi một bản sao lưu nhất quán, có mã kiểm tra, của toàn bộ cơ sở dữ liệu'
complete -c dvk -n "__fish_dvk_using_subcommand help; and not __fish_seen_subcommand_from status report import export backup restore check serve demo undo redo award man completions help" -f -a "restore" -d 'Khôi phục một bản sao lưu vào cơ sở dữ liệu trống'
complete -c dvk -n "__fish_dvk_using_subcommand help; and not __fish_seen_subcommand_from status report import export backup restore check serve demo undo redo award man completions help" -f -a "check" -d 'Kiểm tra cơ sở dữ liệu'
complete -c dvk -n "__fish_dvk_using_subcommand help; and not __fish_seen_subcommand_from status report import export backup restore check serve demo undo redo award man completions help" -f -a "serve" -d 'Chế độ dùng chung: giữ cơ sở dữ liệu và trả lời các tiến trình dvk khác qua socket'
complete -c dvk -n "__fish_dvk_using_subcommand help; and not __fish_seen_subcommand_from status report import export backup restore check serve demo undo redo award man completions help" -f -a "demo" -d 'Nạp giai đoạn mẫu vào một cơ sở dữ liệu'
complete -c dvk -n "__fish_dvk_using_subcommand help; and not __fish_seen_subcommand_from status report import export backup restore check serve demo undo redo award man completions help" -f -a "undo" -d 'Hoàn tác thay đổi gần nhất của bạn'
complete -c dvk -n "__fish_dvk_using_subcommand help; and not __fish_seen_subcommand_from status report import export backup restore check serve demo undo redo award man completions help" -f -a "redo" -d 'Làm lại thay đổi gần nhất bạn đã hoàn tác'
complete -c dvk -n "__fish_dvk_using_subcommand help; and not __fish_seen_subcommand_from status report import export backup restore check serve demo undo redo award man completions help" -f -a "award" -d 'Ghi một quyết định khen thưởng cho một hoặc nhiều mô hình, như một thay đổi'
complete -c dvk -n "__fish_dvk_using_subcommand help; and not __fish_seen_subcommand_from status report import export backup restore check serve demo undo redo award man completions help" -f -a "man" -d 'In trang man của dvk (roff, tiếng Anh)'
complete -c dvk -n "__fish_dvk_using_subcommand help; and not __fish_seen_subcommand_from status report import export backup restore check serve demo undo redo award man completions help" -f -a "completions" -d 'In đoạn mã tự hoàn thành lệnh cho bash, zsh hoặc fish'
complete -c dvk -n "__fish_dvk_using_subcommand help; and not __fish_seen_subcommand_from status report import export backup restore check serve demo undo redo award man completions help" -f -a "help" -d 'In trợ giúp của dvk hoặc của một lệnh'
complete -c dvk -n "__fish_dvk_using_subcommand status" -l period -d 'Giai đoạn, ví dụ 2017-2020 (mặc định: giai đoạn mới nhất)' -r
complete -c dvk -n "__fish_dvk_using_subcommand status" -l as-of -d 'Ngày tính số liệu và lượt theo dõi quá hạn, dd/mm/yyyy hoặc yyyy-mm-dd (mặc định: hôm nay, hoặc DVK_TODAY)' -r
complete -c dvk -n "__fish_dvk_using_subcommand status" -l review -d 'Tính đến một lần sơ kết, tổng kết của giai đoạn: số thứ tự từ 1 theo ngày, hoặc ngày của lần đó (không dùng cùng --as-of)' -r
complete -c dvk -n "__fish_dvk_using_subcommand status" -l unit -d 'Chỉ đơn vị có mã này và các đơn vị trực thuộc' -r
complete -c dvk -n "__fish_dvk_using_subcommand status" -l db -d 'Thư mục cơ sở dữ liệu (mặc định: DVK_DB, khóa db của tệp cấu hình, rồi $XDG_DATA_HOME/dvk/db)' -r -F
complete -c dvk -n "__fish_dvk_using_subcommand status" -l config -d 'Tệp cấu hình TOML (mặc định: DVK_CONFIG, rồi $XDG_CONFIG_HOME/dvk/config.toml)' -r -F
complete -c dvk -n "__fish_dvk_using_subcommand status" -l lang -d 'Ngôn ngữ: vi (tiếng Việt, mặc định) hoặc en (tiếng Anh); nếu không có: DVK_LANG, rồi khóa lang của tệp cấu hình' -r
complete -c dvk -n "__fish_dvk_using_subcommand status" -l socket -d 'Socket của máy chủ dùng chung (mặc định: DVK_SOCKET, khóa socket của tệp cấu hình, rồi dvk.sock cạnh thư mục cơ sở dữ liệu)' -r -F
complete -c dvk -n "__fish_dvk_using_subcommand status" -l color -d 'Màu: auto (chỉ khi in ra màn hình và không có NO_COLOR), always, never [mặc định: auto] [giá trị: auto, always, never]' -r -f -a "auto\t''
always\t''
never\t''"
complete -c dvk -n "__fish_dvk_using_subcommand status" -l json -d 'In dạng JSON (các khóa ở README)'
complete -c dvk -n "__fish_dvk_using_subcommand status" -s h -l help -d 'In trợ giúp'
complete -c dvk -n "__fish_dvk_using_subcommand status" -l ascii -d 'Vẽ khung chỉ bằng ký tự ASCII'
complete -c dvk -n "__fish_dvk_using_subcommand report" -l period -d 'Giai đoạn, ví dụ 2017-2020 (mặc định: giai đoạn mới nhất)' -r
complete -c dvk -n "__fish_dvk_using_subcommand report" -l as-of -d 'Ngày tính số liệu, dd/mm/yyyy hoặc yyyy-mm-dd (mặc định: hôm nay, hoặc DVK_TODAY)' -r
complete -c dvk -n "__fish_dvk_using_subcommand report" -l review -d 'Tính đến một lần sơ kết, tổng kết của giai đoạn: số thứ tự từ 1 theo ngày, hoặc ngày của lần đó (không dùng cùng --as-of)' -r
complete -c dvk -n "__fish_dvk_using_subcommand report" -l format -d 'Định dạng của báo cáo [mặc định: text] [giá trị: text, md, json, csv, docx, xlsx]' -r -f -a "text\t''
md\t''
json\t''
csv\t''
docx\t'A Word document (needs `--out`)'
xlsx\t'An Excel workbook of lists (needs `--out`)'"
complete -c dvk -n "__fish_dvk_using_subcommand report" -l out -d 'Ghi vào tệp này (mặc định: in ra màn hình; bắt buộc với xlsx)' -r -F
complete -c dvk -n "__fish_dvk_using_subcommand report" -l unit -d 'Chỉ đơn vị có mã này và các đơn vị trực thuộc' -r
complete -c dvk -n "__fish_dvk_using_subcommand report" -l db -d 'Thư mục cơ sở dữ liệu (mặc định: DVK_DB, khóa db của tệp cấu hình, rồi $XDG_DATA_HOME/dvk/db)' -r -F
complete -c dvk -n "__fish_dvk_using_subcommand report" -l config -d 'Tệp cấu hình TOML (mặc định: DVK_CONFIG, rồi $XDG_CONFIG_HOME/dvk/config.toml)' -r -F
complete -c dvk -n "__fish_dvk_using_subcommand report" -l lang -d 'Ngôn ngữ: vi (tiếng Việt, mặc định) hoặc en (tiếng Anh); nếu không có: DVK_LANG, rồi khóa lang của tệp cấu hình' -r
complete -c dvk -n "__fish_dvk_using_subcommand report" -l socket -d 'Socket của máy chủ dùng chung (mặc định: DVK_SOCKET, khóa socket của tệp cấu hình, rồi dvk.sock cạnh thư mục cơ sở dữ liệu)' -r -F
complete -c dvk -n "__fish_dvk_using_subcommand report" -l color -d 'Màu: auto (chỉ khi in ra màn hình và không có NO_COLOR), always, never [mặc định: auto] [giá trị: auto, always, never]' -r -f -a "auto\t''
always\t''
never\t''"
complete -c dvk -n "__fish_dvk_using_subcommand report" -l appendix -d 'Thêm các phụ lục vào báo cáo dạng văn bản (md và xlsx luôn có)'
complete -c dvk -n "__fish_dvk_using_subcommand report" -s h -l help -d 'In trợ giúp'
complete -c dvk -n "__fish_dvk_using_subcommand report" -l ascii -d 'Vẽ khung chỉ bằng ký tự ASCII'
complete -c dvk -n "__fish_dvk_using_subcommand import" -l db -d 'Thư mục cơ sở dữ liệu (mặc định: DVK_DB, khóa db của tệp cấu hình, rồi $XDG_DATA_HOME/dvk/db)' -r -F
complete -c dvk -n "__fish_dvk_using_subcommand import" -l config -d 'Tệp cấu hình TOML (mặc định: DVK_CONFIG, rồi $XDG_CONFIG_HOME/dvk/config.toml)' -r -F
complete -c dvk -n "__fish_dvk_using_subcommand import" -l lang -d 'Ngôn ngữ: vi (tiếng Việt, mặc định) hoặc en (tiếng Anh); nếu không có: DVK_LANG, rồi khóa lang của tệp cấu hình' -r
complete -c dvk -n "__fish_dvk_using_subcommand import" -l socket -d 'Socket của máy chủ dùng chung (mặc định: DVK_SOCKET, khóa socket của tệp cấu hình, rồi dvk.sock cạnh thư mục cơ sở dữ liệu)' -r -F
complete -c dvk -n "__fish_dvk_using_subcommand import" -l color -d 'Màu: auto (chỉ khi in ra màn hình và không có NO_COLOR), always, never [mặc định: auto] [giá trị: auto, always, never]' -r -f -a "auto\t''
always\t''
never\t''"
complete -c dvk -n "__fish_dvk_using_subcommand import" -l dry-run -d 'Chỉ kiểm tra, không ghi gì'
complete -c dvk -n "__fish_dvk_using_subcommand import" -l json -d 'In kết quả dạng JSON (các khóa ở README)'
complete -c dvk -n "__fish_dvk_using_subcommand import" -s h -l help -d 'In trợ giúp'
complete -c dvk -n "__fish_dvk_using_subcommand import" -l ascii -d 'Vẽ khung chỉ bằng ký tự ASCII'
complete -c dvk -n "__fish_dvk_using_subcommand export" -l out -d 'Thư mục ghi các tệp xuất (tạo nếu chưa có)' -r -F
complete -c dvk -n "__fish_dvk_using_subcommand export" -l format -d 'csv: mỗi loại một tệp, nhập lại được; json: một tệp dvk.json [mặc định: csv] [giá trị: csv, json]' -r -f -a "csv\t''
json\t''"
complete -c dvk -n "__fish_dvk_using_subcommand export" -l db -d 'Thư mục cơ sở dữ liệu (mặc định: DVK_DB, khóa db của tệp cấu hình, rồi $XDG_DATA_HOME/dvk/db)' -r -F
complete -c dvk -n "__fish_dvk_using_subcommand export" -l config -d 'Tệp cấu hình TOML (mặc định: DVK_CONFIG, rồi $XDG_CONFIG_HOME/dvk/config.toml)' -r -F
complete -c dvk -n "__fish_dvk_using_subcommand export" -l lang -d 'Ngôn ngữ: vi (tiếng Việt, mặc định) hoặc en (tiếng Anh); nếu không có: DVK_LANG, rồi khóa lang của tệp cấu hình' -r
complete -c dvk -n "__fish_dvk_using_subcommand export" -l socket -d 'Socket của máy chủ dùng chung (mặc định: DVK_SOCKET, khóa socket của tệp cấu hình, rồi dvk.sock cạnh thư mục cơ sở dữ liệu)' -r -F
complete -c dvk -n "__fish_dvk_using_subcommand export" -l color -d 'Màu: auto (chỉ khi in ra màn hình và không có NO_COLOR), always, never [mặc định: auto] [giá trị: auto, always, never]' -r -f -a "auto\t''
always\t''
never\t''"
complete -c dvk -n "__fish_dvk_using_subcommand export" -s h -l help -d 'In trợ giúp'
complete -c dvk -n "__fish_dvk_using_subcommand export" -l ascii -d 'Vẽ khung chỉ bằng ký tự ASCII'
complete -c dvk -n "__fish_dvk_using_subcommand backup" -l db -d 'Thư mục cơ sở dữ liệu (mặc định: DVK_DB, khóa db của tệp cấu hình, rồi $XDG_DATA_HOME/dvk/db)' -r -F
complete -c dvk -n "__fish_dvk_using_subcommand backup" -l config -d 'Tệp cấu hình TOML (mặc định: DVK_CONFIG, rồi $XDG_CONFIG_HOME/dvk/config.toml)' -r -F
complete -c dvk -n "__fish_dvk_using_subcommand backup" -l lang -d 'Ngôn ngữ: vi (tiếng Việt, mặc định) hoặc en (tiếng Anh); nếu không có: DVK_LANG, rồi khóa lang của tệp cấu hình' -r
complete -c dvk -n "__fish_dvk_using_subcommand backup" -l socket -d 'Socket của máy chủ dùng chung (mặc định: DVK_SOCKET, khóa socket của tệp cấu hình, rồi dvk.sock cạnh thư mục cơ sở dữ liệu)' -r -F
complete -c dvk -n "__fish_dvk_using_subcommand backup" -l color -d 'Màu: auto (chỉ khi in ra màn hình và không có NO_COLOR), always, never [mặc định: auto] [giá trị: auto, always, never]' -r -f -a "auto\t''
always\t''
never\t''"
complete -c dvk -n "__fish_dvk_using_subcommand backup" -s h -l help -d 'In trợ giúp'
complete -c dvk -n "__fish_dvk_using_subcommand backup" -l ascii -d 'Vẽ khung chỉ bằng ký tự ASCII'
complete -c dvk -n "__fish_dvk_using_subcommand restore" -l db -d 'Thư mục cơ sở dữ liệu (mặc định: DVK_DB, khóa db của tệp cấu hình, rồi $XDG_DATA_HOME/dvk/db)' -r -F
complete -c dvk -n "__fish_dvk_using_subcommand restore" -l config -d 'Tệp cấu hình TOML (mặc định: DVK_CONFIG, rồi $XDG_CONFIG_HOME/dvk/config.toml)' -r -F
complete -c dvk -n "__fish_dvk_using_subcommand restore" -l lang -d 'Ngôn ngữ: vi (tiếng Việt, mặc định) hoặc en (tiếng Anh); nếu không có: DVK_LANG, rồi khóa lang của tệp cấu hình' -r
complete -c dvk -n "__fish_dvk_using_subcommand restore" -l socket -d 'Socket của máy chủ dùng chung (mặc định: DVK_SOCKET, khóa socket của tệp cấu hình, rồi dvk.sock cạnh thư mục cơ sở dữ liệu)' -r -F
complete -c dvk -n "__fish_dvk_using_subcommand restore" -l color -d 'Màu: auto (chỉ khi in ra màn hình và không có NO_COLOR), always, never [mặc định: auto] [giá trị: auto, always, never]' -r -f -a "auto\t''
always\t''
never\t''"
complete -c dvk -n "__fish_dvk_using_subcommand restore" -s h -l help -d 'In trợ giúp'
complete -c dvk -n "__fish_dvk_using_subcommand restore" -l ascii -d 'Vẽ khung chỉ bằng ký tự ASCII'
complete -c dvk -n "__fish_dvk_using_subcommand check" -l db -d 'Thư mục cơ sở dữ liệu (mặc định: DVK_DB, khóa db của tệp cấu hình, rồi $XDG_DATA_HOME/dvk/db)' -r -F
complete -c dvk -n "__fish_dvk_using_subcommand check" -l config -d 'Tệp cấu hình TOML (mặc định: DVK_CONFIG, rồi $XDG_CONFIG_HOME/dvk/config.toml)' -r -F
complete -c dvk -n "__fish_dvk_using_subcommand check" -l lang -d 'Ngôn ngữ: vi (tiếng Việt, mặc định) hoặc en (tiếng Anh); nếu không có: DVK_LANG, rồi khóa lang của tệp cấu hình' -r
complete -c dvk -n "__fish_dvk_using_subcommand check" -l socket -d 'Socket của máy chủ dùng chung (mặc định: DVK_SOCKET, khóa socket của tệp cấu hình, rồi dvk.sock cạnh thư mục cơ sở dữ liệu)' -r -F
complete -c dvk -n "__fish_dvk_using_subcommand check" -l color -d 'Màu: auto (chỉ khi in ra màn hình và không có NO_COLOR), always, never [mặc định: auto] [giá trị: auto, always, never]' -r -f -a "auto\t''
always\t''
never\t''"
complete -c dvk -n "__fish_dvk_using_subcommand check" -l json -d 'In kết quả dạng JSON (các khóa ở README)'
complete -c dvk -n "__fish_dvk_using_subcommand check" -s h -l help -d 'In trợ giúp'
complete -c dvk -n "__fish_dvk_using_subcommand check" -l ascii -d 'Vẽ khung chỉ bằng ký tự ASCII'
complete -c dvk -n "__fish_dvk_using_subcommand serve" -l db -d 'Thư mục cơ sở dữ liệu (mặc định: DVK_DB, khóa db của tệp cấu hình, rồi $XDG_DATA_HOME/dvk/db)' -r -F
complete -c dvk -n "__fish_dvk_using_subcommand serve" -l config -d 'Tệp cấu hình TOML (mặc định: DVK_CONFIG, rồi $XDG_CONFIG_HOME/dvk/config.toml)' -r -F
complete -c dvk -n "__fish_dvk_using_subcommand serve" -l lang -d 'Ngôn ngữ: vi (tiếng Việt, mặc định) hoặc en (tiếng Anh); nếu không có: DVK_LANG, rồi khóa lang của tệp cấu hình' -r
complete -c dvk -n "__fish_dvk_using_subcommand serve" -l socket -d 'Socket của máy chủ dùng chung (mặc định: DVK_SOCKET, khóa socket của tệp cấu hình, rồi dvk.sock cạnh thư mục cơ sở dữ liệu)' -r -F
complete -c dvk -n "__fish_dvk_using_subcommand serve" -l color -d 'Màu: auto (chỉ khi in ra màn hình và không có NO_COLOR), always, never [mặc định: auto] [giá trị: auto, always, never]' -r -f -a "auto\t''
always\t''
never\t''"
complete -c dvk -n "__fish_dvk_using_subcommand serve" -s h -l help -d 'In trợ giúp'
complete -c dvk -n "__fish_dvk_using_subcommand serve" -l ascii -d 'Vẽ khung chỉ bằng ký tự ASCII'
complete -c dvk -n "__fish_dvk_using_subcommand demo" -l db -d 'Thư mục cơ sở dữ liệu (mặc định: DVK_DB, khóa db của tệp cấu hình, rồi $XDG_DATA_HOME/dvk/db)' -r -F
complete -c dvk -n "__fish_dvk_using_subcommand demo" -l config -d 'Tệp cấu hình TOML (mặc định: DVK_CONFIG, rồi $XDG_CONFIG_HOME/dvk/config.toml)' -r -F
complete -c dvk -n "__fish_dvk_using_subcommand demo" -l lang -d 'Ngôn ngữ: vi (tiếng Việt, mặc định) hoặc en (tiếng Anh); nếu không có: DVK_LANG, rồi khóa lang của tệp cấu hình' -r
complete -c dvk -n "__fish_dvk_using_subcommand demo" -l socket -d 'Socket của máy chủ dùng chung (mặc định: DVK_SOCKET, khóa socket của tệp cấu hình, rồi dvk.sock cạnh thư mục cơ sở dữ liệu)' -r -F
complete -c dvk -n "__fish_dvk_using_subcommand demo" -l color -d 'Màu: auto (chỉ khi in ra màn hình và không có NO_COLOR), always, never [mặc định: auto] [giá trị: auto, always, never]' -r -f -a "auto\t''
always\t''
never\t''"
complete -c dvk -n "__fish_dvk_using_subcommand demo" -l force -d 'Thay toàn bộ dữ liệu đang có'
complete -c dvk -n "__fish_dvk_using_subcommand demo" -s h -l help -d 'In trợ giúp'
complete -c dvk -n "__fish_dvk_using_subcommand demo" -l ascii -d 'Vẽ khung chỉ bằng ký tự ASCII'
complete -c dvk -n "__fish_dvk_using_subcommand undo" -l db -d 'Thư mục cơ sở dữ liệu (mặc định: DVK_DB, khóa db của tệp cấu hình, rồi $XDG_DATA_HOME/dvk/db)' -r -F
complete -c dvk -n "__fish_dvk_using_subcommand undo" -l config -d 'Tệp cấu hình TOML (mặc định: DVK_CONFIG, rồi $XDG_CONFIG_HOME/dvk/config.toml)' -r -F
complete -c dvk -n "__fish_dvk_using_subcommand undo" -l lang -d 'Ngôn ngữ: vi (tiếng Việt, mặc định) hoặc en (tiếng Anh); nếu không có: DVK_LANG, rồi khóa lang của tệp cấu hình' -r
complete -c dvk -n "__fish_dvk_using_subcommand undo" -l socket -d 'Socket của máy chủ dùng chung (mặc định: DVK_SOCKET, khóa socket của tệp cấu hình, rồi dvk.sock cạnh thư mục cơ sở dữ liệu)' -r -F
complete -c dvk -n "__fish_dvk_using_subcommand undo" -l color -d 'Màu: auto (chỉ khi in ra màn hình và không có NO_COLOR), always, never [mặc định: auto] [giá trị: auto, always, never]' -r -f -a "auto\t''
always\t''
never\t''"
complete -c dvk -n "__fish_dvk_using_subcommand undo" -l dry-run -d 'Chỉ cho biết sẽ hoàn tác gì, không thay đổi gì'
complete -c dvk -n "__fish_dvk_using_subcommand undo" -s h -l help -d 'In trợ giúp'
complete -c dvk -n "__fish_dvk_using_subcommand undo" -l ascii -d 'Vẽ khung chỉ bằng ký tự ASCII'
complete -c dvk -n "__fish_dvk_using_subcommand redo" -l db -d 'Thư mục cơ sở dữ liệu (mặc định: DVK_DB, khóa db của tệp cấu hình, rồi $XDG_DATA_HOME/dvk/db)' -r -F
complete -c dvk -n "__fish_dvk_using_subcommand redo" -l config -d 'Tệp cấu hình TOML (mặc định: DVK_CONFIG, rồi $XDG_CONFIG_HOME/dvk/config.toml)' -r -F
complete -c dvk -n "__fish_dvk_using_subcommand redo" -l lang -d 'Ngôn ngữ: vi (tiếng Việt, mặc định) hoặc en (tiếng Anh); nếu không có: DVK_LANG, rồi khóa lang của tệp cấu hình' -r
complete -c dvk -n "__fish_dvk_using_subcommand redo" -l socket -d 'Socket của máy chủ dùng chung (mặc định: DVK_SOCKET, khóa socket của tệp cấu hình, rồi dvk.sock cạnh thư mục cơ sở dữ liệu)' -r -F
complete -c dvk -n "__fish_dvk_using_subcommand redo" -l color -d 'Màu: auto (chỉ khi in ra màn hình và không có NO_COLOR), always, never [mặc định: auto] [giá trị: auto, always, never]' -r -f -a "auto\t''
always\t''
never\t''"
complete -c dvk -n "__fish_dvk_using_subcommand redo" -l dry-run -d 'Chỉ cho biết sẽ làm lại gì, không thay đổi gì'
complete -c dvk -n "__fish_dvk_using_subcommand redo" -s h -l help -d 'In trợ giúp'
complete -c dvk -n "__fish_dvk_using_subcommand redo" -l ascii -d 'Vẽ khung chỉ bằng ký tự ASCII'
complete -c dvk -n "__fish_dvk_using_subcommand award" -l model -d 'Mã mô hình được khen thưởng; lặp lại cho mỗi mô hình' -r
complete -c dvk -n "__fish_dvk_using_subcommand award" -l body -d 'Cơ quan khen thưởng' -r
complete -c dvk -n "__fish_dvk_using_subcommand award" -l form -d 'Hình thức khen thưởng (mã hoặc tên trong danh mục)' -r
complete -c dvk -n "__fish_dvk_using_subcommand award" -l decision -d 'Số quyết định khen thưởng' -r
complete -c dvk -n "__fish_dvk_using_subcommand award" -l date -d 'Ngày quyết định (dd/mm/yyyy hoặc yyyy-mm-dd)' -r
complete -c dvk -n "__fish_dvk_using_subcommand award" -l note -d 'Ghi chú' -r
complete -c dvk -n "__fish_dvk_using_subcommand award" -l db -d 'Thư mục cơ sở dữ liệu (mặc định: DVK_DB, khóa db của tệp cấu hình, rồi $XDG_DATA_HOME/dvk/db)' -r -F
complete -c dvk -n "__fish_dvk_using_subcommand award" -l config -d 'Tệp cấu hình TOML (mặc định: DVK_CONFIG, rồi $XDG_CONFIG_HOME/dvk/config.toml)' -r -F
complete -c dvk -n "__fish_dvk_using_subcommand award" -l lang -d 'Ngôn ngữ: vi (tiếng Việt, mặc định) hoặc en (tiếng Anh); nếu không có: DVK_LANG, rồi khóa lang của tệp cấu hình' -r
complete -c dvk -n "__fish_dvk_using_subcommand award" -l socket -d 'Socket của máy chủ dùng chung (mặc định: DVK_SOCKET, khóa socket của tệp cấu hình, rồi dvk.sock cạnh thư mục cơ sở dữ liệu)' -r -F
complete -c dvk -n "__fish_dvk_using_subcommand award" -l color -d 'Màu: auto (chỉ khi in ra màn hình và không có NO_COLOR), always, never [mặc định: auto] [giá trị: auto, always, never]' -r -f -a "auto\t''
always\t''
never\t''"
complete -c dvk -n "__fish_dvk_using_subcommand award" -s h -l help -d 'In trợ giúp'
complete -c dvk -n "__fish_dvk_using_subcommand award" -l ascii -d 'Vẽ khung chỉ bằng ký tự ASCII'
complete -c dvk -n "__fish_dvk_using_subcommand man" -l db -d 'Thư mục cơ sở dữ liệu (mặc định: DVK_DB, khóa db của tệp cấu hình, rồi $XDG_DATA_HOME/dvk/db)' -r -F
complete -c dvk -n "__fish_dvk_using_subcommand man" -l config -d 'Tệp cấu hình TOML (mặc định: DVK_CONFIG, rồi $XDG_CONFIG_HOME/dvk/config.toml)' -r -F
complete -c dvk -n "__fish_dvk_using_subcommand man" -l lang -d 'Ngôn ngữ: vi (tiếng Việt, mặc định) hoặc en (tiếng Anh); nếu không có: DVK_LANG, rồi khóa lang của tệp cấu hình' -r
complete -c dvk -n "__fish_dvk_using_subcommand man" -l socket -d 'Socket của máy chủ dùng chung (mặc định: DVK_SOCKET, khóa socket của tệp cấu hình, rồi dvk.sock cạnh thư mục cơ sở dữ liệu)' -r -F
complete -c dvk -n "__fish_dvk_using_subcommand man" -l color -d 'Màu: auto (chỉ khi in ra màn hình và không có NO_COLOR), always, never [mặc định: auto] [giá trị: auto, always, never]' -r -f -a "auto\t''
always\t''
never\t''"
complete -c dvk -n "__fish_dvk_using_subcommand man" -s h -l help -d 'In trợ giúp'
complete -c dvk -n "__fish_dvk_using_subcommand man" -l ascii -d 'Vẽ khung chỉ bằng ký tự ASCII'
complete -c dvk -n "__fish_dvk_using_subcommand completions" -l db -d 'Thư mục cơ sở dữ liệu (mặc định: DVK_DB, khóa db của tệp cấu hình, rồi $XDG_DATA_HOME/dvk/db)' -r -F
complete -c dvk -n "__fish_dvk_using_subcommand completions" -l config -d 'Tệp cấu hình TOML (mặc định: DVK_CONFIG, rồi $XDG_CONFIG_HOME/dvk/config.toml)' -r -F
complete -c dvk -n "__fish_dvk_using_subcommand completions" -l lang -d 'Ngôn ngữ: vi (tiếng Việt, mặc định) hoặc en (tiếng Anh); nếu không có: DVK_LANG, rồi khóa lang của tệp cấu hình' -r
complete -c dvk -n "__fish_dvk_using_subcommand completions" -l socket -d 'Socket của máy chủ dùng chung (mặc định: DVK_SOCKET, khóa socket của tệp cấu hình, rồi dvk.sock cạnh thư mục cơ sở dữ liệu)' -r -F
complete -c dvk -n "__fish_dvk_using_subcommand completions" -l color -d 'Màu: auto (chỉ khi in ra màn hình và không có NO_COLOR), always, never [mặc định: auto] [giá trị: auto, always, never]' -r -f -a "auto\t''
always\t''
never\t''"
complete -c dvk -n "__fish_dvk_using_subcommand completions" -s h -l help -d 'In trợ giúp'
complete -c dvk -n "__fish_dvk_using_subcommand completions" -l ascii -d 'Vẽ khung chỉ bằng ký tự ASCII'
