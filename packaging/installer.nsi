; exam-client — Windows installer (NSIS 3, Unicode). Vietnamese first (the default), English.
;
; Build (paths may use "/" on both Windows and Linux; relative ones are relative to this folder):
;   makensis -DVERSION=0.1.0 -DVERSION_NUMERIC=0.1.0.0 packaging/installer.nsi
; Defines, all optional:
;   SOURCE_DIR       the PyInstaller one-folder bundle        (default ../dist/exam-client)
;   EXE_NAME         the app's executable in that folder      (default exam-client.exe;
;                    packaging/build.sh passes "exam-client" to compile against the Linux bundle)
;   VERSION          shown in Apps & features                 (default 0.0.0)
;   VERSION_NUMERIC  four numbers for the installer's own version resource (default 0.0.0.0)
;   OUTFILE          the installer to write       (default ../dist/exam-client-VERSION-setup.exe)
;   ICON             an .ico for installer and uninstaller    (default: NSIS's modern icon)
;   SIGN_COMMAND     a command that signs the file given as its argument; when set, the
;                    uninstaller and the installer are both signed while being built
;   COMPRESSOR       makensis SetCompressor arguments (default "/SOLID lzma"; "zlib" is much
;                    faster for a compile check)
;
; Installer command line: /S (silent), /D=C:\path (install folder, must be last),
;   /MODE=staff|kiosk (default: the mode already configured on this machine, else staff).
; Uninstaller command line: /S keeps user data; /S /DELETEUSERDATA removes it too.
;
; Where things live (nothing the user makes is ever under $INSTDIR):
;   program files      $INSTDIR (default C:\Program Files\exam-client)      replaced on upgrade
;   machine settings   C:\ProgramData\exam-client\config.toml ("mode" is written here)
;   user data, logs    %LOCALAPPDATA%\exam-client of each Windows user     kept unless asked
;   the database key   Windows Credential Manager of each user (service "exam-client")

Unicode true
ManifestDPIAware true
RequestExecutionLevel admin

!ifndef SOURCE_DIR
  !define SOURCE_DIR "../dist/exam-client"
!endif
!ifndef EXE_NAME
  !define EXE_NAME "exam-client.exe"
!endif
!ifndef VERSION
  !define VERSION "0.0.0"
!endif
!ifndef VERSION_NUMERIC
  !define VERSION_NUMERIC "0.0.0.0"
!endif
!ifndef OUTFILE
  !define OUTFILE "../dist/exam-client-${VERSION}-setup.exe"
!endif
!ifndef COMPRESSOR
  !define COMPRESSOR "/SOLID lzma"
!endif
SetCompressor ${COMPRESSOR}
!ifndef ICON
  !define ICON "${NSISDIR}/Contrib/Graphics/Icons/modern-install.ico"
!endif
!ifdef SIGN_COMMAND
  !finalize '${SIGN_COMMAND} "%1"' = 0
  !uninstfinalize '${SIGN_COMMAND} "%1"' = 0
!endif

!define APP "exam-client"
!define PUBLISHER "exam-client project"
!define UNINSTALL_KEY "Software\Microsoft\Windows\CurrentVersion\Uninstall\${APP}"
!define APP_KEY "Software\${APP}"
!define CONFIG_DIR "$APPDATA\${APP}"  ; with SetShellVarContext all: C:\ProgramData\exam-client
!define CONFIG_FILE "${CONFIG_DIR}\config.toml"
!define CONFIG_MARK "# exam-client: machine-wide settings"
!define CONFIG_MARK2 "# Written by Setup:"

!include "MUI2.nsh"
!include "LogicLib.nsh"
!include "nsDialogs.nsh"
!include "FileFunc.nsh"
!include "x64.nsh"
!include "WinVer.nsh"
!include "StrFunc.nsh"
${StrLoc}

Name "$(AppName)"
OutFile "${OUTFILE}"
InstallDir "$PROGRAMFILES64\${APP}"
InstallDirRegKey HKLM "${APP_KEY}" "InstallDir"
BrandingText "${APP} ${VERSION}"
ShowInstDetails show
ShowUninstDetails show

VIProductVersion "${VERSION_NUMERIC}"
VIAddVersionKey /LANG=0 "ProductName" "${APP}"
VIAddVersionKey /LANG=0 "FileDescription" "${APP} ${VERSION} Setup"
VIAddVersionKey /LANG=0 "FileVersion" "${VERSION}"
VIAddVersionKey /LANG=0 "ProductVersion" "${VERSION}"
VIAddVersionKey /LANG=0 "CompanyName" "${PUBLISHER}"
VIAddVersionKey /LANG=0 "LegalCopyright" "© ${PUBLISHER}"

Var Mode          ; "staff" or "kiosk"
Var ModeDialog
Var RadioStaff
Var RadioKiosk

; ---------------------------------------------------------------- pages and languages
!define MUI_ICON "${ICON}"
!define MUI_UNICON "${ICON}"
!define MUI_ABORTWARNING
!define MUI_UNABORTWARNING
; Remember the language chosen at install time for upgrades and the uninstaller.
!define MUI_LANGDLL_REGISTRY_ROOT "HKLM"
!define MUI_LANGDLL_REGISTRY_KEY "${APP_KEY}"
!define MUI_LANGDLL_REGISTRY_VALUENAME "InstallerLanguage"

!insertmacro MUI_PAGE_WELCOME
!insertmacro MUI_PAGE_DIRECTORY
Page custom ModePageShow ModePageLeave
!insertmacro MUI_PAGE_INSTFILES
!insertmacro MUI_PAGE_FINISH

!insertmacro MUI_UNPAGE_CONFIRM
!insertmacro MUI_UNPAGE_INSTFILES

; The first language is the default one.
!insertmacro MUI_LANGUAGE "Vietnamese"
!insertmacro MUI_LANGUAGE "English"
!insertmacro MUI_RESERVEFILE_LANGDLL

LangString AppName ${LANG_VIETNAMESE} "Đăng ký dự thi THPT (exam-client)"
LangString AppName ${LANG_ENGLISH} "THPT exam registration (exam-client)"
LangString ShortcutApp ${LANG_VIETNAMESE} "Đăng ký dự thi THPT"
LangString ShortcutApp ${LANG_ENGLISH} "THPT exam registration"
LangString ShortcutSelfTest ${LANG_VIETNAMESE} "Kiểm tra cài đặt exam-client"
LangString ShortcutSelfTest ${LANG_ENGLISH} "exam-client installation check"
LangString NeedsWin64 ${LANG_VIETNAMESE} "Ứng dụng cần Windows 10 hoặc mới hơn, bản 64 bit."
LangString NeedsWin64 ${LANG_ENGLISH} "This application needs 64-bit Windows 10 or later."
LangString ModeTitle ${LANG_VIETNAMESE} "Chế độ sử dụng máy này"
LangString ModeTitle ${LANG_ENGLISH} "How this computer is used"
LangString ModeSubtitle ${LANG_VIETNAMESE} "Áp dụng cho mọi tài khoản Windows trên máy."
LangString ModeSubtitle ${LANG_ENGLISH} "Applies to every Windows account on this computer."
LangString ModeStaff ${LANG_VIETNAMESE} "Máy của cán bộ (trường, điểm tiếp nhận hồ sơ)"
LangString ModeStaff ${LANG_ENGLISH} "Staff computer (school, registration point)"
LangString ModeStaffHelp ${LANG_VIETNAMESE} "Cán bộ đăng nhập để quản lý hồ sơ của nhiều thí sinh."
LangString ModeStaffHelp ${LANG_ENGLISH} "Signed-in staff manage the files of many candidates."
LangString ModeKiosk ${LANG_VIETNAMESE} "Máy tự phục vụ cho thí sinh (kiosk)"
LangString ModeKiosk ${LANG_ENGLISH} "Self-service kiosk for candidates"
LangString ModeKioskHelp ${LANG_VIETNAMESE} "Toàn màn hình, mỗi lần một thí sinh; phiên tự xoá khi không dùng."
LangString ModeKioskHelp ${LANG_ENGLISH} "Full screen, one candidate at a time; idle sessions are wiped."
LangString AppRunning ${LANG_VIETNAMESE} "exam-client đang chạy. Bấm OK để đóng ứng dụng và tiếp tục (hãy lưu công việc trước), hoặc Cancel để dừng cài đặt."
LangString AppRunning ${LANG_ENGLISH} "exam-client is running. Click OK to close it and continue (save your work first), or Cancel to stop."
LangString AppStillRunning ${LANG_VIETNAMESE} "exam-client vẫn đang chạy; chưa thay đổi gì trên máy."
LangString AppStillRunning ${LANG_ENGLISH} "exam-client is still running; nothing was changed."
LangString AskDeleteData ${LANG_VIETNAMESE} "Xoá cả dữ liệu trên máy của exam-client (bộ nhớ đệm đã mã hoá, nhật ký, cấu hình) của mọi tài khoản Windows?$\r$\n$\r$\nChọn Không (khuyên dùng) để giữ lại, ví dụ khi sẽ cài lại. Hồ sơ đã gửi lên Bộ không bị ảnh hưởng; hồ sơ chưa đồng bộ sẽ mất nếu xoá."
LangString AskDeleteData ${LANG_ENGLISH} "Also delete exam-client's local data (encrypted cache, logs, settings) of every Windows account?$\r$\n$\r$\nChoose No (recommended) to keep it, e.g. to reinstall later. Records already sent to the ministry are not affected; records not yet synced are lost if deleted."
LangString DataKept ${LANG_VIETNAMESE} "Đã giữ lại dữ liệu người dùng."
LangString DataKept ${LANG_ENGLISH} "User data kept."

; ---------------------------------------------------------------- helpers

; The mode already configured on this machine ("kiosk" if config.toml says so) into $Mode.
!macro ReadConfiguredMode
  StrCpy $Mode "staff"
  ClearErrors
  FileOpen $0 "${CONFIG_FILE}" r
  ${IfNot} ${Errors}
    ${Do}
      ClearErrors
      FileRead $0 $1
      ${If} ${Errors}
        ${ExitDo}
      ${EndIf}
      StrCpy $2 $1 4
      ${StrLoc} $3 $1 "kiosk" ">"
      ${If} $2 == "mode"
      ${AndIf} $3 != ""
        StrCpy $Mode "kiosk"
      ${EndIf}
    ${Loop}
    FileClose $0
  ${EndIf}
!macroend

; Close exam-client if it runs (asks first unless silent). Aborts if it cannot be closed.
!macro CloseRunningApp un
  Function ${un}CloseRunningApp
    StrCpy $R1 0  ; asked yet?
    ${Do}
      nsExec::ExecToStack '"$SYSDIR\cmd.exe" /c ""$SYSDIR\tasklist.exe" /FI "IMAGENAME eq ${EXE_NAME}" /NH | "$SYSDIR\find.exe" /I "${EXE_NAME}""'
      Pop $0  ; 0: found
      Pop $1
      ${If} $0 != 0
        ${ExitDo}
      ${EndIf}
      ${If} $R1 == 0
        MessageBox MB_OKCANCEL|MB_ICONEXCLAMATION "$(AppRunning)" /SD IDOK IDOK +2
        Abort "$(AppStillRunning)"
        StrCpy $R1 1
        DetailPrint "taskkill /IM ${EXE_NAME}"
        nsExec::Exec '"$SYSDIR\taskkill.exe" /IM "${EXE_NAME}"'  ; polite: asks the windows to close
        Pop $0
        Sleep 5000
      ${ElseIf} $R1 == 1
        StrCpy $R1 2
        DetailPrint "taskkill /F /IM ${EXE_NAME}"
        nsExec::Exec '"$SYSDIR\taskkill.exe" /F /IM "${EXE_NAME}"'
        Pop $0
        Sleep 2000
      ${Else}
        Abort "$(AppStillRunning)"
      ${EndIf}
    ${Loop}
  FunctionEnd
!macroend
!insertmacro CloseRunningApp ""
!insertmacro CloseRunningApp "un."

; Write $Mode into the machine-wide config.toml: our header and the "mode" line first, every
; other line of an existing file kept (TOML: top-level keys must come before any [table]).
Function WriteMachineConfig
  CreateDirectory "${CONFIG_DIR}"
  FileOpen $0 "${CONFIG_FILE}.new" w
  FileWrite $0 "${CONFIG_MARK} (C:\ProgramData\exam-client\config.toml).$\r$\n"
  FileWrite $0 "${CONFIG_MARK2} re-run Setup to change the mode; other lines here are kept.$\r$\n"
  FileWrite $0 'mode = "$Mode"$\r$\n'
  ClearErrors
  FileOpen $1 "${CONFIG_FILE}" r
  ${IfNot} ${Errors}
    ${Do}
      ClearErrors
      FileRead $1 $2
      ${If} ${Errors}
        ${ExitDo}
      ${EndIf}
      StrCpy $3 $2 4
      ${StrLoc} $4 $2 "${CONFIG_MARK}" ">"
      ${StrLoc} $5 $2 "${CONFIG_MARK2}" ">"
      ${If} $3 != "mode"
      ${AndIf} $4 != "0"
      ${AndIf} $5 != "0"
        FileWrite $0 $2
      ${EndIf}
    ${Loop}
    FileClose $1
  ${EndIf}
  FileClose $0
  Delete "${CONFIG_FILE}"
  Rename "${CONFIG_FILE}.new" "${CONFIG_FILE}"
  ; Administrators and SYSTEM may change it, users only read it: a candidate at a kiosk cannot
  ; switch the machine to staff mode.
  nsExec::ExecToLog '"$SYSDIR\icacls.exe" "${CONFIG_DIR}" /inheritance:r /grant:r *S-1-5-32-544:(OI)(CI)F *S-1-5-18:(OI)(CI)F *S-1-5-32-545:(OI)(CI)RX'
  Pop $0
  DetailPrint "${CONFIG_FILE}: mode = $Mode"
FunctionEnd

; ---------------------------------------------------------------- the mode page

Function ModePageShow
  !insertmacro MUI_HEADER_TEXT "$(ModeTitle)" "$(ModeSubtitle)"
  nsDialogs::Create 1018
  Pop $ModeDialog
  ${If} $ModeDialog == error
    Abort
  ${EndIf}
  ${NSD_CreateRadioButton} 0 0 100% 12u "$(ModeStaff)"
  Pop $RadioStaff
  ${NSD_CreateLabel} 12u 14u -12u 20u "$(ModeStaffHelp)"
  Pop $0
  ${NSD_CreateRadioButton} 0 44u 100% 12u "$(ModeKiosk)"
  Pop $RadioKiosk
  ${NSD_CreateLabel} 12u 58u -12u 20u "$(ModeKioskHelp)"
  Pop $0
  ${If} $Mode == "kiosk"
    ${NSD_Check} $RadioKiosk
  ${Else}
    ${NSD_Check} $RadioStaff
  ${EndIf}
  nsDialogs::Show
FunctionEnd

Function ModePageLeave
  ${NSD_GetState} $RadioKiosk $0
  ${If} $0 == ${BST_CHECKED}
    StrCpy $Mode "kiosk"
  ${Else}
    StrCpy $Mode "staff"
  ${EndIf}
FunctionEnd

; ---------------------------------------------------------------- install

Function .onInit
  ${IfNot} ${RunningX64}
  ${OrIfNot} ${AtLeastWin10}
    MessageBox MB_ICONSTOP "$(NeedsWin64)" /SD IDOK
    Abort
  ${EndIf}
  SetRegView 64
  SetShellVarContext all
  StrCpy $LANGUAGE ${LANG_VIETNAMESE}
  !insertmacro MUI_LANGDLL_DISPLAY
  !insertmacro ReadConfiguredMode
  ${GetParameters} $0
  ClearErrors
  ${GetOptions} $0 "/MODE=" $1
  ${IfNot} ${Errors}
    ${If} $1 == "kiosk"
    ${OrIf} $1 == "staff"
      StrCpy $Mode $1
    ${EndIf}
  ${EndIf}
FunctionEnd

Section "exam-client" SecApp
  SectionIn RO
  Call CloseRunningApp
  ; Upgrade: drop the previous version's program files so no stale module survives. Only the
  ; bundle's own names are removed, so a badly chosen folder (e.g. Program Files itself) is safe.
  RMDir /r "$INSTDIR\_internal"
  Delete "$INSTDIR\${EXE_NAME}"
  SetOutPath "$INSTDIR"
  File /r "${SOURCE_DIR}/*"
  WriteUninstaller "$INSTDIR\uninstall.exe"

  Call WriteMachineConfig

  CreateDirectory "$SMPROGRAMS\${APP}"
  CreateShortcut "$SMPROGRAMS\${APP}\$(ShortcutApp).lnk" "$INSTDIR\${EXE_NAME}"
  CreateShortcut "$SMPROGRAMS\${APP}\$(ShortcutSelfTest).lnk" "$INSTDIR\${EXE_NAME}" "--self-test"

  WriteRegStr HKLM "${APP_KEY}" "InstallDir" "$INSTDIR"
  WriteRegStr HKLM "${APP_KEY}" "Version" "${VERSION}"
  WriteRegStr HKLM "${UNINSTALL_KEY}" "DisplayName" "$(AppName)"
  WriteRegStr HKLM "${UNINSTALL_KEY}" "DisplayVersion" "${VERSION}"
  WriteRegStr HKLM "${UNINSTALL_KEY}" "Publisher" "${PUBLISHER}"
  WriteRegStr HKLM "${UNINSTALL_KEY}" "DisplayIcon" "$INSTDIR\${EXE_NAME}"
  WriteRegStr HKLM "${UNINSTALL_KEY}" "InstallLocation" "$INSTDIR"
  WriteRegStr HKLM "${UNINSTALL_KEY}" "UninstallString" '"$INSTDIR\uninstall.exe"'
  WriteRegStr HKLM "${UNINSTALL_KEY}" "QuietUninstallString" '"$INSTDIR\uninstall.exe" /S'
  WriteRegDWORD HKLM "${UNINSTALL_KEY}" "NoModify" 1
  WriteRegDWORD HKLM "${UNINSTALL_KEY}" "NoRepair" 1
  ${GetSize} "$INSTDIR" "/S=0K" $0 $1 $2
  IntFmt $0 "0x%08X" $0
  WriteRegDWORD HKLM "${UNINSTALL_KEY}" "EstimatedSize" "$0"
SectionEnd

; ---------------------------------------------------------------- uninstall

Function un.onInit
  SetRegView 64
  SetShellVarContext all
  !insertmacro MUI_UNGETLANGUAGE
FunctionEnd

; Every Windows user's %LOCALAPPDATA%\exam-client (profiles from the registry's ProfileList).
Function un.DeleteUserData
  RMDir /r "${CONFIG_DIR}"
  StrCpy $0 0
  ${Do}
    EnumRegKey $1 HKLM "SOFTWARE\Microsoft\Windows NT\CurrentVersion\ProfileList" $0
    ${If} $1 == ""
      ${ExitDo}
    ${EndIf}
    ReadRegStr $2 HKLM "SOFTWARE\Microsoft\Windows NT\CurrentVersion\ProfileList\$1" "ProfileImagePath"
    ExpandEnvStrings $2 $2
    ${If} $2 != ""
    ${AndIf} ${FileExists} "$2\AppData\Local\${APP}\*.*"
      DetailPrint "RMDir /r $2\AppData\Local\${APP}"
      RMDir /r "$2\AppData\Local\${APP}"
    ${EndIf}
    IntOp $0 $0 + 1
  ${Loop}
FunctionEnd

Section "Uninstall"
  Call un.CloseRunningApp
  RMDir /r "$SMPROGRAMS\${APP}"
  RMDir /r "$INSTDIR\_internal"
  Delete "$INSTDIR\${EXE_NAME}"
  Delete "$INSTDIR\uninstall.exe"
  RMDir "$INSTDIR"  ; only if empty: never a recursive delete of a folder the user chose
  DeleteRegKey HKLM "${UNINSTALL_KEY}"
  DeleteRegKey HKLM "${APP_KEY}"

  ; User data: asked, and kept unless the answer is Yes (silent: kept unless /DELETEUSERDATA).
  ${GetParameters} $0
  ClearErrors
  ${GetOptions} $0 "/DELETEUSERDATA" $1
  ${If} ${Silent}
    ${IfNot} ${Errors}
      Call un.DeleteUserData
      Return
    ${EndIf}
  ${Else}
    MessageBox MB_YESNO|MB_ICONQUESTION|MB_DEFBUTTON2 "$(AskDeleteData)" /SD IDNO IDNO keep
    Call un.DeleteUserData
    Return
  ${EndIf}
  keep:
  DetailPrint "$(DataKept)"
SectionEnd
